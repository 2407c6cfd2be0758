// A statistics form as a CSV file: what `fundrules form fill` writes and `form check` reads.
// A form is a page of figures, so the file is read whole; Excel's GB18030 and UTF-8 (with or
// without a BOM) are both accepted.

#include <fstream>

#include "forms/units.hpp"
#include "fundrules/forms.hpp"
#include "io/text_decoder.hpp"

namespace fundrules {

namespace {

constexpr std::size_t kMaxFormBytes = std::size_t{4} << 20;

struct Cell {
  std::string text;
  int column = 0;  // 1-based, in characters
};
struct Line {
  std::vector<Cell> cells;
  int line = 0;
};

std::string decode(const std::string& bytes, const std::string& path) {
  const io::EncodingGuess guess = io::guess_encoding(bytes, true);
  if (!guess.not_text.empty()) throw DataError(SourceLocation{path, 0, 0}, guess.not_text);
  io::TextDecoder decoder(guess.encoding);
  std::vector<char> out;
  decoder.decode(bytes, true, out);
  std::string text(out.begin(), out.end());
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  const std::size_t bad = io::find_invalid_text(text);
  if (bad != std::string::npos) {
    int line = 1;
    for (std::size_t i = 0; i < bad; ++i) line += text[i] == '\n' ? 1 : 0;
    throw DataError(SourceLocation{path, line, 0}, "the file holds bytes that are not text");
  }
  return text;
}

// RFC 4180 records with quotes; each cell keeps its line and column for messages.
std::vector<Line> parse_csv(const std::string& text, const std::string& path) {
  std::vector<Line> lines;
  Line current;
  Cell cell;
  int line = 1;
  int column = 1;
  bool quoted = false;
  bool cell_started = false;
  current.line = 1;
  cell.column = 1;
  const auto end_cell = [&] {
    current.cells.push_back(cell);
    cell = Cell{};
    cell_started = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell.text += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell.text += c;
        if (c == '\n') ++line;
      }
      continue;
    }
    if (c == '"' && !cell_started) {
      quoted = true;
      cell_started = true;
    } else if (c == ',') {
      end_cell();
      cell.column = column + 1;
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_cell();
      lines.push_back(std::move(current));
      current = Line{};
      ++line;
      current.line = line;
      column = 0;
      cell.column = 1;
    } else {
      cell.text += c;
      cell_started = true;
    }
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++column;
  }
  if (quoted) throw DataError(SourceLocation{path, line, 0}, "a quoted cell is not closed");
  if (cell_started || !current.cells.empty() || !cell.text.empty()) {
    end_cell();
    lines.push_back(std::move(current));
  }
  return lines;
}

std::string trimmed(std::string text) {
  const auto not_space = [](char c) { return c != ' ' && c != '\t'; };
  while (!text.empty() && !not_space(text.back())) text.pop_back();
  std::size_t start = 0;
  while (start < text.size() && !not_space(text[start])) ++start;
  text.erase(0, start);
  // A full-width space (U+3000), as Chinese forms pad cells with it.
  while (text.rfind("\xE3\x80\x80", 0) == 0) text.erase(0, 3);
  while (text.size() >= 3 && text.compare(text.size() - 3, 3, "\xE3\x80\x80") == 0) {
    text.resize(text.size() - 3);
  }
  return text;
}

int find_column(const Line& header, const std::vector<std::string>& names) {
  for (std::size_t i = 0; i < header.cells.size(); ++i) {
    const std::string name = trimmed(header.cells[i].text);
    for (const auto& wanted : names) {
      if (name == wanted) return static_cast<int>(i);
    }
  }
  return -1;
}

}  // namespace

FilledForm read_filled_form(const FormInfo& form, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(SourceLocation{path, 0, 0}, "cannot open the form file");
  std::string bytes(kMaxFormBytes + 1, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  if (bytes.size() > kMaxFormBytes) {
    throw DataError(SourceLocation{path, 0, 0}, "the file is larger than a form can be (4 MiB)");
  }
  const std::vector<Line> lines = parse_csv(decode(bytes, path), path);
  if (lines.empty()) throw DataError(SourceLocation{path, 1, 1}, "the file is empty");

  // The header may come after a title line or two, as a form printed from Excel does.
  std::size_t header_at = 0;
  int code_column = -1;
  int value_column = -1;
  for (; header_at < lines.size() && header_at < 5; ++header_at) {
    code_column = find_column(lines[header_at], {"编号", "code", "代码"});
    value_column = find_column(lines[header_at], {"合计", "数值", "value", "合  计"});
    if (code_column >= 0 && value_column >= 0) break;
  }
  if (code_column < 0 || value_column < 0) {
    throw DataError(SourceLocation{path, 1, 1},
                    "no header naming the code column (编号 or code) and the value column "
                    "(合计, 数值 or value) among the first lines");
  }
  const Line& header = lines[header_at];
  const int unit_column = find_column(header, {"单位", "unit"});

  FilledForm filled = blank_form(form);
  std::vector<int> seen_at(form.rows.size(), 0);
  for (std::size_t l = header_at + 1; l < lines.size(); ++l) {
    const Line& line = lines[l];
    const auto cell = [&](int column) -> const Cell* {
      return column >= 0 && static_cast<std::size_t>(column) < line.cells.size()
                 ? &line.cells[static_cast<std::size_t>(column)]
                 : nullptr;
    };
    const Cell* code_cell = cell(code_column);
    const std::string code = code_cell ? trimmed(code_cell->text) : std::string();
    if (code.empty()) {
      // A blank line or a line of notes under the form.
      continue;
    }
    const SourceLocation at_code{path, line.line, code_cell->column};
    std::size_t row = 0;
    while (row < form.rows.size() && form.rows[row].code != code) ++row;
    if (row == form.rows.size()) {
      throw DataError(at_code, "form " + form.id + " has no row '" + code + "'");
    }
    if (seen_at[row] != 0) {
      throw DataError(at_code, "row " + code + " is given twice (first at line " +
                                   std::to_string(seen_at[row]) + ")");
    }
    seen_at[row] = line.line;
    const forms::Unit unit = forms::parse_unit(form.rows[row].unit).value_or(forms::Unit{});
    if (const Cell* unit_cell = cell(unit_column)) {
      const std::string written = trimmed(unit_cell->text);
      const auto written_unit = forms::parse_unit(written);
      if (written_unit && written != form.rows[row].unit &&
          !(written_unit->is_answer() && unit.is_answer())) {
        throw DataError(SourceLocation{path, line.line, unit_cell->column},
                        "row " + code + " is in " + form.rows[row].unit + " on form " + form.id +
                            ", but the file says " + written);
      }
    }
    const Cell* value_cell = cell(value_column);
    std::string text = value_cell ? trimmed(value_cell->text) : std::string();
    if (text.empty()) continue;
    const SourceLocation at_value{path, line.line, value_cell->column};
    FormEntry& entry = filled.rows[row];
    entry.where = at_value;
    if (unit.is_answer()) {
      if (text != "是" && text != "否") {
        throw DataError(at_value, "row " + code + " is answered 是 or 否, not '" + text + "'");
      }
      entry.answer = text;
      continue;
    }
    std::string plain;
    for (const char c : text) {
      if (c != ',') plain += c;
    }
    std::string why;
    const auto value = Decimal::try_parse(plain, &why);
    if (!value) {
      throw DataError(at_value, "row " + code + ": '" + text + "' is not a number (" + why +
                                    "); write the figure in " + form.rows[row].unit +
                                    " without a unit");
    }
    entry.value = *value;
  }
  return filled;
}

std::string form_to_csv(const FormInfo& form, const FilledForm& filled,
                        const std::string& language) {
  const bool english = language == "en";
  std::string out = english ? "code,label,unit,value,note\r\n" : "编号,项目,单位,合计,说明\r\n";
  const auto field = [&](const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) {
      out += text;
      return;
    }
    out += '"';
    for (const char c : text) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  };
  for (std::size_t r = 0; r < form.rows.size(); ++r) {
    const FormRowInfo& row = form.rows[r];
    const FormEntry* entry = filled.find(row.code);
    const bool has_value = entry != nullptr && entry->value.has_value();
    field(row.code);
    out += ',';
    field(english ? row.label_en : row.label_zh);
    out += ',';
    field(row.unit);
    out += ',';
    if (has_value) {
      out += entry->value->to_string();
    } else if (entry != nullptr && !entry->answer.empty()) {
      field(entry->answer);
    }
    out += ',';
    if (has_value && entry->from_list) {
      std::string note = english ? "from the list: " + row.fill : "按名单计算：" + row.fill;
      if (row.round) {
        note += english ? ", rounded to " + std::to_string(*row.round) + " places"
                        : "，保留" + std::to_string(*row.round) + "位小数";
      }
      field(note);
    } else if (!has_value && entry != nullptr && !entry->missing_fields.empty()) {
      std::string fields;
      for (const std::string& name : entry->missing_fields) {
        fields += (fields.empty() ? "" : ", ") + name;
      }
      field(english ? "the list gives no " + fields + ": fill in"
                    : "名单中没有" + fields + "，不能确定，请填写");
    } else if (!has_value && (entry == nullptr || entry->answer.empty())) {
      field(english ? "not determined by the list: fill in" : "名单不能确定，请填写");
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace fundrules
