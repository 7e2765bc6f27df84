#include "pantau/test/test_pki.hpp"

#include <chrono>
#include <stdexcept>

#include "pantau/test/process.hpp"

namespace pantau::test {
namespace {

// P-256 keys: quick to make, and every TLS library here speaks them.
const std::vector<std::string> new_key{"-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"};
constexpr const char* days = "7";  // only the length matters: openssl counts from its own now

void openssl(const std::filesystem::path& dir, std::vector<std::string> args) {
  args.insert(args.begin(), "/usr/bin/openssl");  // the openssl package's command
  const auto log = dir / "openssl.log";
  child_process p(args, log);
  const int status = p.wait(std::chrono::seconds(60));
  if (status != 0) {
    std::string cmd;
    for (const auto& a : args) cmd += a + " ";
    throw std::runtime_error("openssl failed (" + std::to_string(status) + "): " + cmd + "\n" + read_file(log));
  }
}

tls_files issue(const std::filesystem::path& dir, const std::filesystem::path& ca_cert,
                const std::filesystem::path& ca_key, const std::string& name, const std::string& extensions,
                int serial) {
  tls_files f{ca_cert, dir / (name + ".crt"), dir / (name + ".key")};
  const auto csr = dir / (name + ".csr");
  const auto ext = dir / (name + ".ext");
  write_file(ext, "basicConstraints = CA:FALSE\n" + extensions);
  std::vector<std::string> req{"req", "-new"};
  req.insert(req.end(), new_key.begin(), new_key.end());
  req.insert(req.end(), {"-keyout", f.key.string(), "-out", csr.string(), "-subj", "/CN=" + name});
  openssl(dir, req);
  openssl(dir, {"x509", "-req", "-in", csr.string(), "-CA", ca_cert.string(), "-CAkey", ca_key.string(),
                "-set_serial", std::to_string(serial), "-days", days, "-extfile", ext.string(), "-out",
                f.cert.string()});
  return f;
}

}  // namespace

test_ca make_test_ca(const std::filesystem::path& dir, const std::string& name,
                     const std::vector<std::string>& clients, const std::string& server_names) {
  std::filesystem::create_directories(dir);
  test_ca ca;
  ca.ca_file = dir / "ca.crt";
  const auto ca_key = dir / "ca.key";
  std::vector<std::string> req{"req", "-x509"};
  req.insert(req.end(), new_key.begin(), new_key.end());
  req.insert(req.end(), {"-keyout", ca_key.string(), "-out", ca.ca_file.string(), "-days", days, "-subj",
                         "/CN=" + name, "-addext", "basicConstraints=critical,CA:TRUE", "-addext",
                         "keyUsage=critical,keyCertSign,cRLSign"});
  openssl(dir, req);
  int serial = 1;
  ca.server = issue(dir, ca.ca_file, ca_key, "broker",
                    "subjectAltName = " + server_names + "\nextendedKeyUsage = serverAuth\n", ++serial);
  for (const auto& c : clients)
    ca.clients[c] = issue(dir, ca.ca_file, ca_key, c, "extendedKeyUsage = clientAuth\n", ++serial);
  return ca;
}

std::string mqtt_tls_toml(const std::filesystem::path& ca_file, const tls_files& client) {
  std::string t = "[mqtt.tls]\nca_file = \"" + ca_file.string() + "\"\n";
  if (!client.cert.empty())
    t += "cert_file = \"" + client.cert.string() + "\"\nkey_file = \"" + client.key.string() + "\"\n";
  return t;
}

}  // namespace pantau::test
