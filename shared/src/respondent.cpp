#include "pantau/shared/respondent.hpp"

#include "pantau/shared/validate.hpp"

namespace pantau {

const std::array<element_question, survey_element_count> element_questions{{
    {"U1", "Persyaratan",
     "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
     "How well do the requirements fit the kind of service?"},
    {"U2", "Sistem, Mekanisme, dan Prosedur",
     "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
     "How easy is the service procedure at this unit?"},
    {"U3", "Waktu Penyelesaian",
     "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
     "How fast was the service delivered?"},
    {"U4", "Biaya/Tarif", "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
     "How fair is the fee for the service?"},
    {"U5", "Produk Spesifikasi Jenis Pelayanan",
     "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar "
     "pelayanan dengan hasil yang diberikan?",
     "How well does what you received match the service standard?"},
    {"U6", "Kompetensi Pelaksana",
     "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
     "How competent were the staff who served you?"},
    {"U7", "Perilaku Pelaksana",
     "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
     "How polite and friendly were the staff?"},
    {"U8", "Penanganan Pengaduan, Saran dan Masukan",
     "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
     "How well are complaints from service users handled?"},
    {"U9", "Sarana dan Prasarana", "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
     "How good are the facilities?"},
}};

std::string_view to_string(profile_field f) {
  switch (f) {
    case profile_field::gender: return "gender";
    case profile_field::age: return "age";
    case profile_field::education: return "education";
    case profile_field::occupation: return "occupation";
    case profile_field::service: return "service";
  }
  return "unknown";
}

std::optional<profile_field> parse_profile_field(std::string_view s) {
  for (const auto f : profile_fields)
    if (to_string(f) == s) return f;
  return std::nullopt;
}

std::span<const profile_choice> choices_of(profile_field f) {
  switch (f) {
    case profile_field::gender: return gender_choices;
    case profile_field::age: return age_choices;
    case profile_field::education: return education_choices;
    case profile_field::occupation: return occupation_choices;
    case profile_field::service: break;
  }
  return {};
}

const profile_choice* find_choice(profile_field f, std::string_view code) {
  for (const auto& c : choices_of(f))
    if (c.code == code) return &c;
  return nullptr;
}

std::string_view expected_choices(profile_field f) {
  switch (f) {
    case profile_field::gender: return "expected one of \"l\", \"p\", or null";
    case profile_field::age: return "expected one of \"<20\", \"20-29\", \"30-39\", \"40-49\", \"50-59\", \">=60\", or null";
    case profile_field::education:
      return "expected one of \"sd\", \"smp\", \"sma\", \"d1-d3\", \"d4-s1\", \"s2\", \"s3\", or null";
    case profile_field::occupation:
      return "expected one of \"pns\", \"tni-polri\", \"swasta\", \"wirausaha\", \"pelajar\", \"lainnya\", or null";
    case profile_field::service: break;
  }
  return "expected a service code of 1..48 characters from a-z 0-9 -, or null";
}

bool is_valid_service_code(std::string_view s) { return is_valid_id(s); }

}  // namespace pantau
