// Field specifications: recognising headers and enum spellings in input files, and masking
// personal data for output.

#include "fundrules/schema.hpp"

#include "core/text_util.hpp"

namespace fundrules {

namespace {

/// Equal ignoring ASCII case, so "ID Number" names the same column as "id number"; Chinese
/// text compares byte for byte.
bool same_text(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') {
      x = static_cast<char>(x - 'A' + 'a');
    }
    if (y >= 'A' && y <= 'Z') {
      y = static_cast<char>(y - 'A' + 'a');
    }
    if (x != y) {
      return false;
    }
  }
  return true;
}

/// Text as it is compared: without a UTF-8 byte order mark (Excel puts one before the first
/// header) and without surrounding spaces.
std::string_view clean(std::string_view text) noexcept {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (text.substr(0, kBom.size()) == kBom) {
    text.remove_prefix(kBom.size());
  }
  return text_util::trim(text);
}

bool names_one_of(std::string_view text, std::string_view name, std::string_view label_zh,
                  std::string_view label_en, const std::vector<std::string>& aliases) noexcept {
  if (text.empty()) {
    return false;
  }
  if (same_text(text, name) || same_text(text, label_zh) || same_text(text, label_en)) {
    return true;
  }
  for (const std::string& alias : aliases) {
    if (same_text(text, clean(alias))) {
      return true;
    }
  }
  return false;
}

bool is_ascii_alnum(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/// Masks the characters of `value` that count, keeping the first `keep_first` and the last
/// `keep_last` of them. With `digits_only`, only ASCII letters and digits count and separators
/// ("6225 8814 ...", "138-0013-8000") stay as they are. A value too short to keep anything
/// without showing most of it is masked entirely.
std::string mask(std::string_view value, std::size_t keep_first, std::size_t keep_last,
                 bool digits_only) {
  std::size_t total = 0;
  for (std::size_t i = 0; i < value.size(); i += text_util::utf8_length(value[i])) {
    if (!digits_only || is_ascii_alnum(value[i])) {
      ++total;
    }
  }
  if (total <= keep_first + keep_last) {
    keep_first = keep_last = 0;
  }
  std::string out;
  out.reserve(value.size());
  std::size_t seen = 0;
  for (std::size_t i = 0; i < value.size();) {
    const std::size_t length = std::min(text_util::utf8_length(value[i]), value.size() - i);
    const bool counts = !digits_only || is_ascii_alnum(value[i]);
    if (counts && seen >= keep_first && seen < total - keep_last) {
      out += '*';
    } else {
      out.append(value.substr(i, length));
    }
    if (counts) {
      ++seen;
    }
    i += length;
  }
  return out;
}

}  // namespace

std::optional<std::string> FieldSpec::enum_code(std::string_view text) const {
  const std::string_view wanted = clean(text);
  for (const EnumValue& value : values) {
    if (names_one_of(wanted, value.code, value.label_zh, value.label_en, value.aliases)) {
      return value.code;
    }
  }
  return std::nullopt;
}

bool FieldSpec::matches_header(std::string_view header) const {
  return names_one_of(clean(header), name, label_zh, label_en, aliases);
}

const FieldSpec* Schema::find(std::string_view name) const noexcept {
  for (const FieldSpec& field : fields) {
    if (field.name == name) {
      return &field;
    }
  }
  return nullptr;
}

int Schema::match_header(std::string_view header) const noexcept {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].matches_header(header)) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

std::string mask_personal(std::string_view value, PersonalData kind) {
  switch (kind) {
    case PersonalData::None:
      return std::string(value);
    case PersonalData::Name:
      return mask(value, 1, 0, false);
    case PersonalData::IdNumber:
      return mask(value, 6, 4, false);
    case PersonalData::BankCard:
      return mask(value, 6, 4, true);
    case PersonalData::Phone:
      return mask(value, 3, 4, true);
    case PersonalData::Other:
      // Personal, but with no part that is safe to show (a hardship reason, an address).
      return mask(value, 0, 0, false);
  }
  return std::string(value);
}

}  // namespace fundrules
