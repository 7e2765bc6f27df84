#pragma once
// Certificates for TLS tests, made with the openssl command at test time: a CA, a server certificate
// for 127.0.0.1 and localhost, and client certificates. Nothing is checked in; every run has fresh keys.
// Thread-safety: none; each object belongs to the test that made it.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace pantau::test {

struct tls_files {
  std::filesystem::path ca;    // the CA certificate that signed `cert`
  std::filesystem::path cert;  // PEM certificate
  std::filesystem::path key;   // its PEM private key
};

struct test_ca {
  std::filesystem::path ca_file;  // the CA's own certificate
  tls_files server;               // for the server_names given to make_test_ca
  std::map<std::string, tls_files> clients;  // by name (the certificate's CN)
};

// A new CA called `name` in `dir` (created), with a server certificate for `server_names` (its
// subjectAltName) and one client certificate per name in `clients`. Throws std::runtime_error with
// openssl's output when a step fails.
test_ca make_test_ca(const std::filesystem::path& dir, const std::string& name,
                     const std::vector<std::string>& clients = {},
                     const std::string& server_names = "IP:127.0.0.1, DNS:localhost");

// An [mqtt.tls] table for hub.toml or kiosk.toml: ca_file, and cert_file/key_file when `client` has them.
std::string mqtt_tls_toml(const std::filesystem::path& ca_file, const tls_files& client = {});

}  // namespace pantau::test
