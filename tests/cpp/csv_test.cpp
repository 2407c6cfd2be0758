// Tests of the CSV reader as a user meets it: a roster file in, typed rows and located problems
// out, whatever the encoding, quoting, line endings, batch size or damage.

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/sha256.hpp"
#include "fundrules/csv.hpp"
#include "fundrules/error.hpp"
#include "io/input_text.hpp"

using namespace fundrules;

namespace {

const std::string kDataDir = std::string(FUNDRULES_SOURCE_DIR) + "/tests/data/csv/";

EnumValue enum_value(std::string code, std::string zh, std::vector<std::string> aliases = {}) {
  EnumValue value;
  value.code = std::move(code);
  value.label_zh = std::move(zh);
  value.aliases = std::move(aliases);
  return value;
}

FieldSpec field(std::string name, ValueType type, std::string zh,
                std::vector<std::string> aliases = {}) {
  FieldSpec spec;
  spec.name = std::move(name);
  spec.type = type;
  spec.label_zh = std::move(zh);
  spec.aliases = std::move(aliases);
  return spec;
}

// The roster fields the bundled rulesets read, as a ruleset would declare them.
Schema roster_schema() {
  Schema schema;
  FieldSpec name = field("name", ValueType::String, "姓名");
  name.personal = PersonalData::Name;
  FieldSpec id = field("id_number", ValueType::String, "身份证号", {"身份证号码", "证件号码"});
  id.personal = PersonalData::IdNumber;
  FieldSpec category = field("category", ValueType::String, "对象类别", {"类别"});
  category.values = {enum_value("registered_hardship", "建档在册困难职工", {"档案内困难职工"}),
                     enum_value("hardship_model_worker", "困难劳模", {"困难劳动模范"}),
                     enum_value("frontline", "一线职工", {"坚守一线职工"})};
  FieldSpec amount = field("amount", ValueType::Decimal, "金额", {"发放金额"});
  amount.money = true;
  FieldSpec paid_on = field("paid_on", ValueType::Date, "发放日期");
  FieldSpec members = field("members", ValueType::Int, "家庭人口");
  FieldSpec member = field("union_member", ValueType::Bool, "是否会员");
  FieldSpec birth = field("birth_date", ValueType::Date, "出生日期");
  birth.personal = PersonalData::Other;
  schema.fields = {name, id, category, amount, paid_on, members, member, birth};
  return schema;
}

std::unique_ptr<std::istream> stream_of(const std::string& text) {
  return std::make_unique<std::istringstream>(text);
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  REQUIRE(in.is_open());
  std::string bytes(static_cast<std::size_t>(in.tellg()), '\0');
  in.seekg(0);
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  REQUIRE(in.gcount() == static_cast<std::streamsize>(bytes.size()));
  return bytes;
}

// Everything a batch says, one string per row or problem, for comparing reads.
void dump_batch(const CsvBatch& batch, std::vector<std::string>& out) {
  const Table& table = batch.table;
  for (std::size_t r = 0; r < table.num_rows(); ++r) {
    std::string line = "row " + std::to_string(table.row_number(r)) + " line " +
                       std::to_string(table.line(r)) + ":";
    for (const Column& column : table.columns()) line += " " + column.value_at(r).to_string();
    out.push_back(line);
  }
  for (const RowProblem& p : batch.problems) {
    out.push_back("problem row " + std::to_string(p.row) + " line " + std::to_string(p.line) +
                  " column " + std::to_string(p.column) + " " + p.field + ": " + p.message);
  }
}

struct ReadResult {
  std::vector<std::string> dump;
  std::vector<std::int64_t> table_rows;    // row numbers of the rows read
  std::vector<std::int64_t> problem_rows;  // row numbers of problems
  std::vector<RowProblem> problems;
  std::size_t batches = 0;
};

ReadResult read_all(const std::string& text, CsvOptions options = {},
                    const Schema& schema = roster_schema()) {
  CsvReader reader(stream_of(text), "roster.csv", schema, options);
  ReadResult result;
  CsvBatch batch;
  while (reader.next(batch)) {
    ++result.batches;
    dump_batch(batch, result.dump);
    for (std::size_t r = 0; r < batch.table.num_rows(); ++r) {
      result.table_rows.push_back(batch.table.row_number(r));
    }
    for (const RowProblem& p : batch.problems) {
      result.problem_rows.push_back(p.row);
      result.problems.push_back(p);
    }
  }
  return result;
}

// Every row numbered by the reader is in a table or has a problem, never both, and the numbers
// run 1..N without a gap.
std::int64_t check_accounting(const ReadResult& result) {
  std::set<std::int64_t> good(result.table_rows.begin(), result.table_rows.end());
  std::set<std::int64_t> bad(result.problem_rows.begin(), result.problem_rows.end());
  REQUIRE(good.size() == result.table_rows.size());
  for (std::int64_t row : bad) REQUIRE(good.count(row) == 0);
  std::set<std::int64_t> all = good;
  all.insert(bad.begin(), bad.end());
  const auto count = static_cast<std::int64_t>(all.size());
  if (!all.empty()) {
    REQUIRE(*all.begin() == 1);
    REQUIRE(*all.rbegin() == count);
  }
  return count;
}

// Restores the read block size when a test that lowered it ends.
struct BlockBytes {
  explicit BlockBytes(std::size_t bytes) { io::set_read_block_bytes_for_testing(bytes); }
  ~BlockBytes() { io::set_read_block_bytes_for_testing(0); }
  BlockBytes(const BlockBytes&) = delete;
  BlockBytes& operator=(const BlockBytes&) = delete;
};

const std::string kHeader = "姓名,身份证号,对象类别,金额,发放日期\n";

}  // namespace

TEST_CASE("a roster file is read into typed columns by its Chinese headers") {
  CsvReader reader(kDataDir + "roster_utf8.csv", roster_schema());
  CHECK(reader.encoding() == Encoding::Utf8);
  CHECK(reader.header() ==
        std::vector<std::string>{"姓名", "身份证号码", "对象类别", "发放金额", "发放日期", "备注"});
  CHECK(reader.unused_columns() == std::vector<std::string>{"备注"});
  CHECK(reader.missing_fields() ==
        std::vector<std::string>{"members", "union_member", "birth_date"});
  CsvBatch batch;
  REQUIRE(reader.next(batch));
  CHECK(batch.problems.empty());
  const Table& table = batch.table;
  REQUIRE(table.num_rows() == 3);
  REQUIRE(table.num_columns() == 8);
  const Column& name = *table.find("name");
  CHECK(name.string_at(0) == "张三");
  CHECK(table.find("category")->string_at(0) == "frontline");
  CHECK(table.find("category")->string_at(1) == "registered_hardship");
  CHECK(table.find("category")->string_at(2) == "hardship_model_worker");
  const Column& amount = *table.find("amount");
  CHECK(amount.type() == ValueType::Decimal);
  CHECK(amount.decimal_at(0) == Decimal(500));
  CHECK(amount.decimal_at(1).to_string() == "1500.00");
  CHECK(amount.decimal_at(2) == Decimal(900));
  const Column& paid_on = *table.find("paid_on");
  CHECK(paid_on.date_at(0) == Date::from_ymd(2024, 1, 15));
  CHECK(paid_on.date_at(1) == Date::from_ymd(2024, 1, 16));
  CHECK(paid_on.date_at(2) == Date::from_ymd(2024, 1, 17));
  CHECK(table.find("members")->is_null(0));
  // Row 2's remark spans two lines, so row 3 starts on line 5.
  CHECK(table.row_number(2) == 3);
  CHECK(table.line(0) == 2);
  CHECK(table.line(1) == 3);
  CHECK(table.line(2) == 5);
  CHECK(table.source() == kDataDir + "roster_utf8.csv");
  CHECK_FALSE(reader.next(batch));
  CHECK(batch.table.num_rows() == 0);
}

TEST_CASE("a GB18030 file reads the same as its UTF-8 original") {
  const CsvBatch utf8 = read_csv(kDataDir + "roster_utf8.csv", roster_schema());
  CsvReader gb(kDataDir + "roster_gb18030.csv", roster_schema());
  CHECK(gb.encoding() == Encoding::Gb18030);
  CHECK(gb.header()[1] == "身份证号码");
  CsvBatch batch;
  REQUIRE(gb.next(batch));
  std::vector<std::string> a;
  std::vector<std::string> b;
  dump_batch(utf8, a);
  dump_batch(batch, b);
  CHECK(a == b);
  CHECK(a.size() == 3);

  CsvOptions options;
  options.encoding = Encoding::Gb18030;
  const CsvBatch told = read_csv(kDataDir + "roster_gb18030.csv", roster_schema(), options);
  std::vector<std::string> c;
  dump_batch(told, c);
  CHECK(c == a);
}

TEST_CASE("a UTF-8 BOM is not part of the first header") {
  const auto result =
      read_all("\xEF\xBB\xBF" + kHeader + "张三,11010519491231002X,一线职工,500,\n");
  REQUIRE(result.dump.size() == 1);
  CHECK(result.dump[0] ==
        "row 1 line 2: 张三 11010519491231002X frontline 500 null null null null");
}

TEST_CASE("RFC 4180 quoting: commas, doubled quotes and line breaks inside cells") {
  const std::string text = kHeader +
                           "\"张,三\",\"1101\"\"05\",一线职工,\"1,500.00\",2024-01-15\r\n"
                           "\"李\r\n四\n\",X,坚守一线职工,\"\",\"\"\r\n"
                           "\n"
                           "王五,Y,一线职工,600,2024-01-16";  // no final line break
  const auto result = read_all(text);
  REQUIRE(result.problems.empty());
  REQUIRE(result.dump.size() == 3);
  CHECK(result.dump[0] ==
        "row 1 line 2: 张,三 1101\"05 frontline 1500.00 2024-01-15 null null null");
  // The cell's outer line breaks are trimmed, the inner one kept.
  CHECK(result.dump[1] == "row 2 line 3: 李\r\n四 X frontline null null null null null");
  // Two lines of row 2 and a blank line: row 3 starts on line 7.
  CHECK(result.dump[2] == "row 3 line 7: 王五 Y frontline 600 2024-01-16 null null null");
}

TEST_CASE("CRLF, LF and lone CR line endings number lines alike") {
  for (const std::string eol : {"\n", "\r\n", "\r"}) {
    INFO("line ending " << (eol == "\n" ? "LF" : eol == "\r" ? "CR" : "CRLF"));
    std::string text = "姓名,金额" + eol + eol + "张三,500" + eol + "\"李" + eol + "四\",600" +
                       eol + "王五,700" + eol;
    const auto result = read_all(text);
    REQUIRE(result.dump.size() == 3);
    CHECK(result.dump[0] == "row 1 line 3: 张三 null null 500 null null null null");
    CHECK(result.dump[1] == "row 2 line 4: 李" + eol + "四 null null 600 null null null null");
    CHECK(result.dump[2] == "row 3 line 6: 王五 null null 700 null null null null");
  }
}

TEST_CASE("other delimiters: semicolon and tab") {
  CsvOptions options;
  options.delimiter = ';';
  auto result = read_all("姓名;金额\n张三;1,500.00\n", options);
  REQUIRE(result.dump.size() == 1);
  CHECK(result.dump[0] == "row 1 line 2: 张三 null null 1500.00 null null null null");
  options.delimiter = '\t';
  result = read_all("姓名\t金额\n张三\t600\n", options);
  REQUIRE(result.dump.size() == 1);
  CHECK(result.dump[0] == "row 1 line 2: 张三 null null 600 null null null null");
}

TEST_CASE("cells are converted by their field's type") {
  const std::string text =
      "姓名,类别,金额,发放日期,家庭人口,是否会员,出生日期\n"
      "\t张三\u3000,档案内困难职工, ¥600 ,2024年1月5日,3,是,1980-02-29\n"
      "李四,困难劳动模范,25万,20240106,-2,FALSE,\n"
      "王五,一线职工,63.04万元,2024.1.7,0,0,\n";
  const auto result = read_all(text);
  REQUIRE(result.problems.empty());
  REQUIRE(result.dump.size() == 3);
  CHECK(result.dump[0] ==
        "row 1 line 2: 张三 null registered_hardship 600 2024-01-05 3 true 1980-02-29");
  CHECK(result.dump[1] ==
        "row 2 line 3: 李四 null hardship_model_worker 250000 2024-01-06 -2 false null");
  CHECK(result.dump[2] == "row 3 line 4: 王五 null frontline 630400 2024-01-07 0 false null");
}

TEST_CASE("bad cells are reported at their row, line and column, and the row is left out") {
  const std::string text = kHeader +
                           "张三,X1,一线职工,500,2024-01-15\n"
                           "\"李\n四\",X2,一线职工,abc,2024-02-30\n"
                           "王五,X3,临时工,600,2024-01-16\n"
                           "赵六,X4,一线职工,700,2024-01-17\n";
  const auto result = read_all(text);
  REQUIRE(result.table_rows == std::vector<std::int64_t>{1, 4});
  REQUIRE(result.problems.size() == 3);
  const RowProblem& amount = result.problems[0];
  CHECK(amount.row == 2);
  CHECK(amount.line == 3);
  CHECK(amount.column == 4);
  CHECK(amount.field == "amount");
  CHECK_THAT(amount.message, Catch::Contains("\"abc\" is not an amount of money"));
  const RowProblem& date = result.problems[1];
  CHECK(date.row == 2);
  CHECK(date.column == 5);
  CHECK(date.field == "paid_on");
  CHECK_THAT(date.message, Catch::Contains("2024-02-30"));
  const RowProblem& category = result.problems[2];
  CHECK(category.row == 3);
  CHECK(category.line == 5);
  CHECK(category.column == 3);
  CHECK(category.field == "category");
  CHECK_THAT(category.message, Catch::Contains("\"临时工\"") &&
                                   Catch::Contains("一线职工 (frontline)") &&
                                   Catch::Contains("困难劳模 (hardship_model_worker)"));
  CHECK(result.dump.back().find("problem row 3 line 5 column 3 category") == 0);
  CHECK(result.dump[1] == "row 4 line 6: 赵六 X4 frontline 700 2024-01-17 null null null");
}

TEST_CASE("a bad cell of a personal field is reported without its text") {
  const auto result = read_all("姓名,出生日期\n张三,1980-13-45\n");
  REQUIRE(result.problems.size() == 1);
  CHECK(result.problems[0].field == "birth_date");
  CHECK(result.problems[0].column == 2);
  CHECK(result.problems[0].message.find("1980") == std::string::npos);
  CHECK_THAT(result.problems[0].message, Catch::Contains("not a date"));
}

TEST_CASE("rows with the wrong number of cells are unreadable as a whole") {
  const std::string text =
      "姓名,金额,备注\n"
      "张三,500\n"         // too few
      "李四,1,500.00,x\n"  // unquoted thousands separator
      "王五,600,,,\n"      // trailing empty cells are fine
      "赵六,700,ok\n";
  const auto result = read_all(text);
  CHECK(result.table_rows == std::vector<std::int64_t>{3, 4});
  REQUIRE(result.problems.size() == 2);
  CHECK(result.problems[0].row == 1);
  CHECK(result.problems[0].line == 2);
  CHECK(result.problems[0].column == 0);
  CHECK(result.problems[0].message == "the row has 2 cells but the header has 3");
  CHECK(result.problems[1].row == 2);
  CHECK(result.problems[1].line == 3);
  CHECK(result.problems[1].column == 0);
  CHECK_THAT(result.problems[1].message, Catch::Contains("4 cells") && Catch::Contains("quotes"));
}

TEST_CASE("blank lines and Excel's empty rows are skipped but counted as lines") {
  const auto result = read_all("\n\n姓名,金额\n\n,,\n  ,\n张三,500\n\n");
  REQUIRE(result.dump.size() == 1);
  CHECK(result.dump[0] == "row 1 line 7: 张三 null null 500 null null null null");
}

TEST_CASE("header problems make the whole file unreadable, naming file and line") {
  auto error_of = [](const std::string& text) -> std::string {
    try {
      CsvReader reader(stream_of(text), "roster.csv", roster_schema());
    } catch (const DataError& e) {
      return e.what();
    }
    return "no error";
  };
  CHECK_THAT(error_of(""), Catch::Contains("roster.csv") && Catch::Contains("empty"));
  CHECK_THAT(error_of("\n\r\n"), Catch::Contains("only blank lines"));
  CHECK_THAT(error_of("张三,11010519491231002X,600\n"),
             Catch::Contains("roster.csv:1") && Catch::Contains("header row is missing"));
  CHECK_THAT(error_of("备注\n姓名,金额,姓名\n"), Catch::Contains("no column"));
  CHECK_THAT(error_of("\n姓名,金额,姓名\n"),
             Catch::Contains("roster.csv:2:3") && Catch::Contains("both name the field name"));
  CHECK_THAT(error_of("身份证号,证件号码\n"), Catch::Contains("field id_number"));
  CHECK_THAT(error_of(std::string("PK\x03\x04\x14\x00\x06\x00", 8)), Catch::Contains(".xlsx"));
  CHECK_THAT(error_of("姓名,\x01\x02\x03\n张三,\n"),
             Catch::Contains("roster.csv:1") && Catch::Contains("not a CSV file"));
  CHECK_THAT(error_of("姓名,\"金额\n"), Catch::Contains("never closed"));

  try {
    CsvReader reader("/nonexistent/roster.csv", roster_schema());
    FAIL("no error for a missing file");
  } catch (const DataError& e) {
    CHECK(e.where().file == "/nonexistent/roster.csv");
    CHECK_THAT(e.what(), Catch::Contains("cannot open"));
  }
}

TEST_CASE("batches of any size, and any read block size, give the same rows") {
  std::string text = kHeader;
  for (int i = 1; i <= 23; ++i) {
    const std::string n = std::to_string(i);
    if (i % 7 == 0) {
      text += "\"多行\r\n" + n + "\",X" + n + ",一线职工,\"1," + (i < 10 ? "00" : "0") + n +
              ".00\",2024-01-15\r\n";
    } else if (i % 5 == 0) {
      text += "坏" + n + ",X,一线职工,bad,2024-01-15\r\n";
    } else {
      text += "张" + n + ",\"X\"\"" + n + "\",困难劳模," + n + "00元,2024/1/" + n + "\r\n";
    }
  }
  const ReadResult whole = read_all(text);
  CHECK(whole.batches == 1);
  CHECK(check_accounting(whole) == 23);
  CHECK(whole.problems.size() == 4);
  for (std::size_t batch_rows : {1, 2, 3, 10}) {
    INFO("batch_rows " << batch_rows);
    CsvOptions options;
    options.batch_rows = batch_rows;
    const ReadResult batched = read_all(text, options);
    CHECK(batched.batches == (23 + batch_rows - 1) / batch_rows);
    std::multiset<std::string> a(whole.dump.begin(), whole.dump.end());
    std::multiset<std::string> b(batched.dump.begin(), batched.dump.end());
    CHECK(a == b);
  }
  for (std::size_t block : {1, 2, 3, 5, 64}) {
    INFO("read block " << block);
    BlockBytes small(block);
    CHECK(read_all(text).dump == whole.dump);
  }
}

TEST_CASE("GB18030 read in tiny blocks splits no character") {
  const std::string gb = file_bytes(kDataDir + "roster_gb18030.csv");
  const ReadResult whole = read_all(gb);
  REQUIRE(whole.dump.size() == 3);
  for (std::size_t block = 1; block <= 9; ++block) {
    INFO("read block " << block);
    BlockBytes small(block);
    CHECK(read_all(gb).dump == whole.dump);
  }
}

TEST_CASE("bytes invalid in the chosen encoding make their row unreadable") {
  // The sample the encoding is chosen from (the first block, at least 64 KiB) is plain ASCII,
  // so UTF-8 is chosen; GB18030 bytes come later.
  BlockBytes small(4096);
  std::string text = "name,amount,category\n";
  const int ascii_rows = 3000;
  for (int i = 0; i < ascii_rows; ++i) text += "AAAAAAAAAAAAAAAA,500,frontline\n";
  text += "\xD5\xC5\xC8\xFD,700,frontline\nC,800,frontline\n";  // 张三 in GB18030
  REQUIRE(text.size() > (std::size_t{64} << 10));
  const auto result = read_all(text);
  CHECK(check_accounting(result) == ascii_rows + 2);
  REQUIRE(result.problems.size() == 1);
  CHECK(result.problems[0].row == ascii_rows + 1);
  CHECK(result.problems[0].line == ascii_rows + 2);
  CHECK(result.problems[0].column == 1);
  CHECK(result.problems[0].field == "name");
  CHECK_THAT(result.problems[0].message, Catch::Contains("not valid UTF-8"));
}

TEST_CASE("damaged files: every row read is in a table or reported, never both") {
  const std::string good = file_bytes(kDataDir + "roster_utf8.csv");
  SECTION("cut short at every byte") {
    const std::size_t header_end = good.find('\n') + 1;
    for (std::size_t cut = header_end; cut <= good.size(); ++cut) {
      INFO("cut at byte " << cut);
      const ReadResult result = read_all(good.substr(0, cut));
      const std::int64_t rows = check_accounting(result);
      CHECK(rows <= 3);
    }
    CHECK(check_accounting(read_all(good)) == 3);
  }
  SECTION("a stray quote") {
    const std::string text = kHeader +
                             "张三,\"X1\"x,一线职工,500,2024-01-15\n"
                             "李四,X2,一线职工,600,2024-01-15\n"
                             "王五,\"X3,一线职工,700,2024-01-15\n"
                             "赵六,X4,一线职工,800,2024-01-15\n";
    const ReadResult result = read_all(text);
    CHECK(check_accounting(result) == 4);
    CHECK(result.table_rows == std::vector<std::int64_t>{2, 4});
    REQUIRE(result.problems.size() == 2);
    CHECK(result.problems[0].column == 2);
    CHECK_THAT(result.problems[0].message, Catch::Contains("closing quote"));
    // The quote opened on line 4 is closed nowhere: it costs its own line, not the rest of the
    // file.
    CHECK(result.problems[1].row == 3);
    CHECK(result.problems[1].line == 4);
    CHECK(result.problems[1].column == 2);
    CHECK_THAT(result.problems[1].message,
               Catch::Contains("never closed") && Catch::Contains("next line"));
    CHECK(result.dump[1] == "row 4 line 5: 赵六 X4 frontline 800 2024-01-15 null null null");
  }
  SECTION("a stray quote far from the end of the file") {
    std::string text = kHeader + "张三,\"X1,一线职工,500,2024-01-15\r\n";
    for (int i = 2; i <= 40; ++i) text += "李四,X,一线职工,600,2024-01-15\r\n";
    CsvOptions options;
    options.max_record_bytes = 200;
    for (std::size_t block : {0, 16}) {
      INFO("read block " << block);
      BlockBytes small(block);
      const ReadResult result = read_all(text, options);
      CHECK(check_accounting(result) == 40);
      REQUIRE(result.problems.size() == 1);
      CHECK(result.problems[0].row == 1);
      CHECK(result.problems[0].line == 2);
      CHECK(result.table_rows.size() == 39);
      CHECK(result.dump.back() ==
            "problem row 1 line 2 column 2 id_number: the quote that opens this cell is never "
            "closed (a stray quote?); this line is left out and reading goes on at the next line");
      CHECK(result.dump[38] == "row 40 line 41: 李四 X frontline 600 2024-01-15 null null null");
    }
  }
  SECTION("a stray quote that a later row's quote would close") {
    // Taken at its word, the quote on line 2 runs to the quote of line 5 and hides lines 3 and
    // 4 inside one malformed row; taken as a stray, it costs only its own line.
    const std::string text = kHeader +
                             "张三,\"X1,一线职工,500,2024-01-15\n"
                             "李四,X2,一线职工,600,2024-01-15\n"
                             "王五,X3,一线职工,700,2024-01-15\n"
                             "赵六,X4,一线职工,\"1,800.00\",2024-01-15\n";
    const ReadResult result = read_all(text);
    CHECK(check_accounting(result) == 4);
    CHECK(result.table_rows == std::vector<std::int64_t>{2, 3, 4});
    REQUIRE(result.problems.size() == 1);
    CHECK(result.problems[0].line == 2);
    CHECK_THAT(result.problems[0].message, Catch::Contains("never closed"));
  }
  SECTION("a well-formed quoted cell over two lines is still one row") {
    const std::string text =
        kHeader + "张三,\"X\n1\",一线职工,500,2024-01-15\n" + "李四,X2,一线职工,600,2024-01-15\n";
    const ReadResult result = read_all(text);
    CHECK(check_accounting(result) == 2);
    CHECK(result.problems.empty());
  }
  SECTION("binary junk inside a row") {
    std::string junk;
    for (int i = 0; i < 40; ++i) junk += static_cast<char>(0x80 + (i * 37) % 128);
    junk += std::string("\x00\x01\x02", 3);
    const std::string text = kHeader + "张三,X1,一线职工,500,2024-01-15\n李四," + junk +
                             ",一线职工,600,2024-01-15\n王五,X3,一线职工,700,2024-01-15\n";
    const ReadResult result = read_all(text);
    CHECK(check_accounting(result) == 3);
    CHECK(result.table_rows == std::vector<std::int64_t>{1, 3});
    REQUIRE(result.problems.size() == 1);
    CHECK(result.problems[0].line == 3);
    CHECK(result.problems[0].column == 2);
    CHECK(result.problems[0].field == "id_number");
  }
  SECTION("binary junk anywhere, quotes and line breaks included") {
    std::uint32_t seed = 12345;
    for (int trial = 0; trial < 200; ++trial) {
      std::string text = good;
      const std::size_t header_end = text.find('\n') + 1;
      for (int k = 0; k < 6; ++k) {
        seed = seed * 1664525u + 1013904223u;
        const std::size_t at = header_end + (seed >> 8) % (text.size() - header_end);
        text[at] = static_cast<char>(seed >> 24);
      }
      INFO("trial " << trial);
      check_accounting(read_all(text));
    }
  }
}

TEST_CASE("a row longer than max_record_bytes is reported and reading goes on") {
  const std::string long_cell(300, 'x');
  const std::string text = kHeader + "张三,X1,一线职工,500,2024-01-15\n" + "李四,\"" + long_cell +
                           "\n" + long_cell + "\",一线职工,600,2024-01-15\n" +
                           "王五,X3,一线职工,700,2024-01-15\n";
  CsvOptions options;
  options.max_record_bytes = 100;
  for (std::size_t block : {0, 7, 64}) {
    INFO("read block " << block);
    BlockBytes small(block);
    const ReadResult result = read_all(text, options);
    CHECK(check_accounting(result) == 3);
    CHECK(result.table_rows == std::vector<std::int64_t>{1, 3});
    REQUIRE(result.problems.size() == 1);
    CHECK(result.problems[0].row == 2);
    CHECK(result.problems[0].line == 3);
    CHECK(result.problems[0].column == 0);
    CHECK_THAT(result.problems[0].message,
               Catch::Contains("longer than 100 bytes") && Catch::Contains("line 4"));
    CHECK(result.dump[1] == "row 3 line 5: 王五 X3 frontline 700 2024-01-15 null null null");
  }
}

TEST_CASE("a row with more fields than max_fields is reported") {
  CsvOptions options;
  options.max_fields = 3;
  const ReadResult result = read_all("姓名,金额\n张三,500\n李四,600,,,,x\n王五,700\n", options);
  CHECK(result.table_rows == std::vector<std::int64_t>{1, 3});
  REQUIRE(result.problems.size() == 1);
  CHECK(result.problems[0].row == 2);
  CHECK_THAT(result.problems[0].message, Catch::Contains("more than 3 cells"));
}

TEST_CASE("a max_fields of 0 is taken as 1, by the tokenizer as by the reader") {
  CsvOptions options;
  options.max_fields = 0;
  const ReadResult result = read_all("姓名\n张三\n李四,600\n王五\n", options);
  CHECK(result.table_rows == std::vector<std::int64_t>{1, 3});
  const auto read = [&](const std::string& name) {
    return std::any_of(result.dump.begin(), result.dump.end(), [&](const std::string& line) {
      return line.rfind("row ", 0) == 0 && line.find(name) != std::string::npos;
    });
  };
  CHECK(read("张三"));
  CHECK(read("王五"));
  REQUIRE(result.problems.size() == 1);
  CHECK(result.problems[0].row == 2);
  CHECK_THAT(result.problems[0].message, Catch::Contains("more than 1 cells"));
}

TEST_CASE("input_sha256 is the SHA-256 of the file's bytes") {
  const std::string bytes = file_bytes(kDataDir + "roster_gb18030.csv");
  BlockBytes small(16);
  CsvReader reader(kDataDir + "roster_gb18030.csv", roster_schema());
  CsvBatch batch;
  while (reader.next(batch)) {
  }
  CHECK(reader.input_sha256() == sha256_hex(bytes));
  CHECK(reader.input_sha256().size() == 64);
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("damage is found in the same rows whatever the read blocks, and only there") {
  // The reader checks the text of a whole window at once and remembers how far it is sound;
  // damage must still land on its own row and column for every block size (so every window
  // edge), with a quoted amount, a CRLF and a last line without a line break around it.
  std::string text = kHeader;
  for (int i = 0; i < 30; ++i) {
    const std::string n = std::to_string(i);
    text +=
        "张" + n + ",X" + n + ",一线职工,\"1,500.00\",2024-01-15" + (i % 3 == 0 ? "\r\n" : "\n");
  }
  text += "王五,X99,一线职工,600,2024-01-15";
  for (const std::string& bad :
       {std::string("\xFF"), std::string("\xE4\xB8"), std::string(1, '\0')}) {
    for (const std::size_t at : {kHeader.size() + 3, text.size() / 2, text.size() - 2}) {
      std::string damaged = text;
      damaged.insert(at, bad);
      const ReadResult whole = read_all(damaged);
      REQUIRE(whole.problems.size() == 1);
      CHECK_THAT(whole.problems[0].message, Catch::Contains("not valid UTF-8"));
      CHECK(check_accounting(whole) == 31);
      for (const std::size_t block : {1, 2, 3, 7, 16, 61, 100}) {
        INFO("damage at " << at << ", blocks of " << block);
        const BlockBytes small(block);
        CHECK(read_all(damaged).dump == whole.dump);
      }
    }
  }
}
