// Schema: matching input headers and enum spellings, and masking personal data.

#include <catch2/catch.hpp>

#include <string>

#include "fundrules/schema.hpp"

using fundrules::EnumValue;
using fundrules::FieldSpec;
using fundrules::mask_personal;
using fundrules::PersonalData;
using fundrules::Schema;

namespace {

FieldSpec category_field() {
  FieldSpec field;
  field.name = "category";
  field.label_zh = "对象类别";
  field.label_en = "Category";
  field.aliases = {"类别", "困难类别"};
  field.values = {
      EnumValue{"frontline", "一线职工", "Frontline worker", {"坚守一线职工"}},
      EnumValue{"model_worker", "劳动模范", "Model worker", {"劳模"}},
  };
  return field;
}

Schema roster_schema() {
  Schema schema;
  FieldSpec name;
  name.name = "name";
  name.label_zh = "姓名";
  name.label_en = "Name";
  name.personal = PersonalData::Name;
  FieldSpec id;
  id.name = "id_number";
  id.label_zh = "身份证号";
  id.label_en = "ID number";
  id.aliases = {"身份证号码", "公民身份号码"};
  FieldSpec amount;
  amount.name = "amount";
  amount.label_zh = "金额";
  amount.aliases = {"发放金额（元）"};
  schema.fields = {name, id, amount, category_field()};
  return schema;
}

}  // namespace

TEST_CASE("enum_code() accepts the code, either label or an alias", "[schema]") {
  const FieldSpec field = category_field();
  CHECK(field.enum_code("frontline") == "frontline");
  CHECK(field.enum_code("一线职工") == "frontline");
  CHECK(field.enum_code("坚守一线职工") == "frontline");
  CHECK(field.enum_code("Frontline worker") == "frontline");
  CHECK(field.enum_code("frontline WORKER") == "frontline");
  CHECK(field.enum_code("  劳模 ") == "model_worker");
  CHECK(field.enum_code("\xE3\x80\x80劳动模范\xE3\x80\x80") == "model_worker");
  CHECK_FALSE(field.enum_code("一线").has_value());
  CHECK_FALSE(field.enum_code("").has_value());
  CHECK_FALSE(field.enum_code("   ").has_value());
  FieldSpec plain;
  CHECK_FALSE(plain.enum_code("anything").has_value());
}

TEST_CASE("matches_header() reads headers as Excel writes them", "[schema]") {
  const Schema schema = roster_schema();
  const FieldSpec& id = schema.fields[1];
  CHECK(id.matches_header("id_number"));
  CHECK(id.matches_header("身份证号"));
  CHECK(id.matches_header("身份证号码"));
  CHECK(id.matches_header("ID Number"));
  CHECK(id.matches_header(" 身份证号 "));
  CHECK(id.matches_header("\xE3\x80\x80身份证号"));
  CHECK(id.matches_header("\xEF\xBB\xBF身份证号"));  // BOM before the first header
  CHECK(id.matches_header("\xEF\xBB\xBF 公民身份号码\t"));
  CHECK_FALSE(id.matches_header("身份证"));
  CHECK_FALSE(id.matches_header(""));
  CHECK_FALSE(id.matches_header("\xEF\xBB\xBF"));
  // An empty label never matches an empty header.
  CHECK_FALSE(schema.fields[2].matches_header("  "));
}

TEST_CASE("Schema::find and match_header", "[schema]") {
  const Schema schema = roster_schema();
  REQUIRE(schema.find("amount") != nullptr);
  CHECK(schema.find("amount")->label_zh == "金额");
  CHECK(schema.find("金额") == nullptr);  // find() is by field name only
  CHECK(schema.find("nope") == nullptr);
  CHECK(schema.match_header("姓名") == 0);
  CHECK(schema.match_header("\xEF\xBB\xBF姓名") == 0);
  CHECK(schema.match_header("公民身份号码") == 1);
  CHECK(schema.match_header("发放金额（元）") == 2);
  CHECK(schema.match_header("类别") == 3);
  CHECK(schema.match_header("备注") == -1);
  CHECK(Schema{}.match_header("姓名") == -1);
}

TEST_CASE("mask_personal() hides all but the documented characters", "[schema][mask]") {
  CHECK(mask_personal("11010519491231002X", PersonalData::IdNumber) == "110105********002X");
  CHECK(mask_personal("6225881414207430", PersonalData::BankCard) == "622588******7430");
  CHECK(mask_personal("6212260200000000006", PersonalData::BankCard) == "621226*********0006");
  CHECK(mask_personal("6225 8814 1420 7430", PersonalData::BankCard) == "6225 88** **** 7430");
  CHECK(mask_personal("13800138000", PersonalData::Phone) == "138****8000");
  CHECK(mask_personal("138-0013-8000", PersonalData::Phone) == "138-****-8000");
  CHECK(mask_personal("张三丰", PersonalData::Name) == "张**");
  CHECK(mask_personal("张三", PersonalData::Name) == "张*");
  CHECK(mask_personal("欧阳娜娜", PersonalData::Name) == "欧***");
  CHECK(mask_personal("Li Lei", PersonalData::Name) == "L*****");
  CHECK(mask_personal("600", PersonalData::None) == "600");
  CHECK(mask_personal("下岗失业", PersonalData::Other) == "****");
}

TEST_CASE("mask_personal() never shows most of a short value", "[schema][mask]") {
  CHECK(mask_personal("张", PersonalData::Name) == "*");
  CHECK(mask_personal("1234567890", PersonalData::IdNumber) == "**********");
  CHECK(mask_personal("1380013", PersonalData::Phone) == "*******");
  CHECK(mask_personal("", PersonalData::IdNumber).empty());
  CHECK(mask_personal("", PersonalData::Name).empty());
  // No digit of a masked number survives in the middle.
  const std::string masked = mask_personal("440524188001010014", PersonalData::IdNumber);
  CHECK(masked.substr(6, 8) == "********");
  CHECK(masked.size() == 18);
}
