#pragma once
// The respondent profile of the public-satisfaction survey (PermenPANRB 14/2017, SKM): the closed
// lists a kiosk offers and the hub accepts, and the official question of each element U1..U9.
// Kiosk, hub and the report read the codes from here only, so a code means the same everywhere.
// A code on the wire is the list's `code`; labels are for screens and reports (Indonesian first).
// Thread-safety: constant data and pure functions.
#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace pantau {

struct profile_choice {
  std::string_view code;      // on the wire, in the store and in reports
  std::string_view label_id;  // Bahasa Indonesia
  std::string_view label_en;
};

// The fields of a profile event besides `rating` and `counter`, in the order screens and reports use.
enum class profile_field { gender, age, education, occupation, service };
inline constexpr std::array<profile_field, 5> profile_fields{profile_field::gender, profile_field::age,
                                                              profile_field::education, profile_field::occupation,
                                                              profile_field::service};
// "gender", "age", "education", "occupation", "service": the event's keys.
std::string_view to_string(profile_field f);
std::optional<profile_field> parse_profile_field(std::string_view s);

inline constexpr std::array<profile_choice, 2> gender_choices{{
    {"l", "Laki-laki", "Male"},
    {"p", "Perempuan", "Female"},
}};

inline constexpr std::array<profile_choice, 6> age_choices{{
    {"<20", "Di bawah 20 tahun", "Under 20"},
    {"20-29", "20–29 tahun", "20–29"},
    {"30-39", "30–39 tahun", "30–39"},
    {"40-49", "40–49 tahun", "40–49"},
    {"50-59", "50–59 tahun", "50–59"},
    {">=60", "60 tahun ke atas", "60 and over"},
}};

inline constexpr std::array<profile_choice, 7> education_choices{{
    {"sd", "SD", "Primary school"},
    {"smp", "SMP", "Junior high school"},
    {"sma", "SMA/SMK", "Senior high school"},
    {"d1-d3", "D1–D3", "Diploma (D1–D3)"},
    {"d4-s1", "D4/S1", "Bachelor (D4/S1)"},
    {"s2", "S2", "Master (S2)"},
    {"s3", "S3", "Doctorate (S3)"},
}};

inline constexpr std::array<profile_choice, 6> occupation_choices{{
    {"pns", "PNS", "Civil servant"},
    {"tni-polri", "TNI/Polri", "Military/police"},
    {"swasta", "Pegawai swasta", "Private employee"},
    {"wirausaha", "Wirausaha", "Self-employed"},
    {"pelajar", "Pelajar / Mahasiswa", "Student"},
    {"lainnya", "Lainnya", "Other"},
}};

// The closed list of a field; the service list is the unit's own (organisation data), so empty here.
std::span<const profile_choice> choices_of(profile_field f);
const profile_choice* find_choice(profile_field f, std::string_view code);
// "expected one of \"l\", \"p\", or null" for error messages.
std::string_view expected_choices(profile_field f);

// A unit's service code: lowercase [a-z0-9-]{1,48}, like every other id on the wire.
bool is_valid_service_code(std::string_view s);

// The questionnaire's wording of element i (0 = U1 Persyaratan ... 8 = U9 Sarana dan Prasarana, in
// DESIGN §5's order; the ministry's sample form asks about facilities before complaints).
struct element_question {
  std::string_view code;  // "U1".."U9"
  std::string_view name_id;
  std::string_view question_id;
  std::string_view question_en;
};
inline constexpr std::size_t survey_element_count = 9;
extern const std::array<element_question, survey_element_count> element_questions;

}  // namespace pantau
