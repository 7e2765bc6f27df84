#include "pantau/shared/error_code.hpp"

#include <ostream>

namespace pantau {
namespace {

struct code_text {
  std::string_view label;
  std::string_view description;
};

// A switch without default: the compiler names any code added to the enum and left out here.
code_text text_of(errc code) {
  switch (code) {
    case errc::invalid_json: return {"invalid_json", "bukan objek JSON / not a JSON object"};
    case errc::too_large: return {"too_large", "data terlalu besar / too large"};
    case errc::invalid_utf8: return {"invalid_utf8", "teks bukan UTF-8 / text is not UTF-8"};
    case errc::unsupported_version: return {"unsupported_version", "versi tidak didukung / unsupported version"};
    case errc::unknown_type: return {"unknown_type", "jenis tidak dikenal / unknown type"};
    case errc::missing_field: return {"missing_field", "kolom wajib tidak ada / a required field is missing"};
    case errc::unknown_field: return {"unknown_field", "kolom tidak dikenal / unknown field"};
    case errc::invalid_field: return {"invalid_field", "isi kolom tidak valid / invalid field value"};
    case errc::topic_mismatch:
      return {"topic_mismatch", "kios/kantor tidak sesuai topik / kiosk/office differ from the topic"};
    case errc::unregistered_kiosk: return {"unregistered_kiosk", "kios tidak terdaftar / kiosk not registered"};
    case errc::wrong_kiosk: return {"wrong_kiosk", "pengaturan untuk kios lain / settings for another kiosk"};
    case errc::seq_out_of_window:
      return {"seq_out_of_window", "nomor urut jauh di luar jendela / seq far outside the window"};
    case errc::not_sealed: return {"not_sealed", "tidak bertanda tangan / not signed"};
    case errc::bad_signature: return {"bad_signature", "tanda tangan tidak sah / signature does not verify"};
    case errc::invalid_key: return {"invalid_key", "kunci tidak sah / invalid key"};
    case errc::invalid_date: return {"invalid_date", "tanggal tidak valid / invalid date"};
    case errc::invalid_time: return {"invalid_time", "waktu tidak valid / invalid time"};
    case errc::invalid_zone: return {"invalid_zone", "zona waktu tidak valid / invalid time zone"};
    case errc::invalid_address: return {"invalid_address", "alamat tidak valid / invalid address"};
    case errc::invalid_nip: return {"invalid_nip", "NIP tidak valid / invalid NIP"};
    case errc::invalid_key_id: return {"invalid_key_id", "id kunci tidak valid / invalid key id"};
    case errc::invalid_expiry: return {"invalid_expiry", "tanggal kedaluwarsa tidak valid / invalid expiry date"};
    case errc::short_key: return {"short_key", "kunci terlalu pendek / key too short"};
    case errc::config: return {"config", "konfigurasi tidak valid / invalid configuration"};
    case errc::http_error: return {"http_error", "server HTTP gagal mulai / HTTP server cannot start"};
    case errc::ui_error: return {"ui_error", "server layar gagal mulai / screen server cannot start"};
    case errc::store_error: return {"store_error", "penyimpanan gagal / storage failed"};
    case errc::unsupported: return {"unsupported", "tidak didukung / not supported"};
    case errc::bad_request: return {"bad_request", "permintaan tidak valid / bad request"};
    case errc::not_found: return {"not_found", "tidak ditemukan / not found"};
    case errc::forbidden: return {"forbidden", "tidak berhak / forbidden"};
    case errc::http: return {"http", "permintaan ditolak / request refused"};
    case errc::internal: return {"internal", "kesalahan internal / internal error"};
    case errc::bad_user: return {"bad_user", "data pengguna tidak valid / invalid user"};
    case errc::bad_password:
      return {"bad_password", "kata sandi tidak memenuhi syarat / password does not meet the rules"};
    case errc::hash_failed: return {"hash_failed", "hash kata sandi gagal / password hashing failed"};
    case errc::bad_badge: return {"bad_badge", "kartu pegawai gagal dibuat / cannot make the badge"};
    case errc::export_failed: return {"export_failed", "ekspor gagal / export failed"};
    case errc::invalid_org: return {"invalid_org", "data organisasi tidak valid / invalid organisation"};
    case errc::invalid_policy: return {"invalid_policy", "aturan tidak valid / invalid policy"};
    case errc::invalid_period: return {"invalid_period", "periode tidak valid / invalid period"};
    case errc::invalid_weights: return {"invalid_weights", "bobot tidak valid / invalid weights"};
    case errc::invalid_schedule: return {"invalid_schedule", "jadwal tidak valid / invalid schedule"};
    case errc::insufficient_data: return {"insufficient_data", "data belum cukup / not enough data"};
    case errc::invalid_profile:
      return {"invalid_profile", "profil responden tidak valid / invalid respondent profile"};
    case errc::unknown_service:
      return {"unknown_service", "layanan tidak dikenal di unit ini / service not offered by this unit"};
    case errc::invalid_marks: return {"invalid_marks", "catatan harian rusak / corrupt day marks"};
    case errc::invalid_histogram: return {"invalid_histogram", "histogram rusak / corrupt histogram"};
    case errc::invalid_input: return {"invalid_input", "masukan tidak valid / invalid input"};
    case errc::no_question: return {"no_question", "tidak ada pertanyaan / no question asked"};
    case errc::no_employee: return {"no_employee", "belum ada pegawai / no employee"};
    case errc::counter_not_open: return {"counter_not_open", "loket belum dibuka / counter not open"};
    case errc::invalid_transition: return {"invalid_transition", "langkah tidak diizinkan / step not allowed"};
    case errc::not_committed: return {"not_committed", "tidak tersimpan / not saved"};
    case errc::old_day: return {"old_day", "data hari sebelumnya / data of an earlier day"};
    case errc::bad_state: return {"bad_state", "keadaan tersimpan rusak / kept state unreadable"};
    case errc::gpio_error: return {"gpio_error", "tombol GPIO gagal / GPIO button failed"};
    case errc::read_failed: return {"read_failed", "kamera gagal membaca / camera read failed"};
    case errc::end_of_stream: return {"end_of_stream", "sumber gambar habis / image source exhausted"};
    case errc::image_io: return {"image_io", "berkas gambar tidak terbaca / cannot read image file"};
    case errc::image_decode: return {"image_decode", "gambar rusak / cannot decode image"};
    case errc::evidence_io: return {"evidence_io", "foto bukti gagal disimpan / cannot store photo evidence"};
    case errc::evidence_empty: return {"evidence_empty", "tidak ada foto bukti / no photo to keep"};
    case errc::evidence_encode: return {"evidence_encode", "foto bukti gagal dibuat / cannot encode photo evidence"};
  }
  return {};
}

}  // namespace

std::string_view to_string(errc code) { return text_of(code).label; }

std::string_view describe(errc code) { return text_of(code).description; }

std::optional<errc> parse_errc(std::string_view label) {
  for (std::size_t i = 0; i < errc_count; ++i) {
    const auto code = static_cast<errc>(i);
    if (text_of(code).label == label) return code;
  }
  return std::nullopt;
}

std::ostream& operator<<(std::ostream& os, errc code) { return os << to_string(code); }

}  // namespace pantau
