#include "cli/commands.hpp"

namespace fundrules::cli {

const char* const kMainHelp =
    R"(fundrules: check payment lists of trade-union relief funds against rules in YAML

Usage:
  fundrules check --rules FILE [options] DATA.csv   check a list, print a report
  fundrules form fill|check --rules FILE FILE.csv   fill or check a statistics form
  fundrules eval [--json] EXPR                      evaluate an expression
  fundrules test [--require-coverage] PATH...       run rulesets' tests files
  fundrules lint [--list] RULESET...                find mistakes in rulesets
  fundrules --version                               print the version
  fundrules --help | COMMAND --help                 print help

Exit status: 0 the list passed, 1 it has error-severity violations (eval: the
expression failed), 2 bad usage or the ruleset or data could not be read.
See docs/cli.md for more.
)";

const char* const kCheckHelp =
    R"(Usage: fundrules check --rules FILE [options] DATA.csv

Checks a payment list (CSV, UTF-8 or GB18030) against a ruleset and prints a
report: row accounting, then every violation with the values and parameters it
rests on. ID numbers, bank cards, phones and names are masked unless asked.

Options:
  --rules FILE            the ruleset (YAML), if not given as RULESET
  --ref NAME=FILE         a reference table the ruleset declares (a register of
                          workers on file, an earlier list); repeat for each
  --format text|json|csv  report format (default text)
  --lang zh|en            language of the text report and CSV messages (default zh)
  --as-of DATE            date that selects parameter values and stands for
                          "today" (default: the ruleset's as_of, else today)
  --encoding auto|utf-8|gb18030
                          encoding of DATA.csv (default auto)
  --show-personal-data    do not mask personal data
  -o, --output FILE       write the report to FILE instead of standard output
  --summary-csv FILE      also write the ruleset's summaries to FILE as CSV
                          (UTF-8 with a byte order mark, for Excel)
  --threads N             threads evaluating rules (default 1)
  --batch-rows N          rows read per batch (default 65536)
  --temp-dir DIR          where violations wait, owner-only, until the report
                          is written (default $TMPDIR, else /tmp)
  --progress, --no-progress
                          show (or never show) a progress line on standard
                          error; by default it is shown when standard error is
                          a terminal, CI is unset and the check takes over 1 s
  -h, --help              print this help

Exit status: 0 no error-severity violation, 1 some (unreadable rows count),
2 bad usage, or the ruleset or data could not be read.
)";

const char* const kFormHelp =
    R"(Usage: fundrules form fill  RULESET [--form ID] [options] LIST.csv
       fundrules form check RULESET [--form ID] [options] FILLED.csv
       (RULESET is the ruleset file, or --rules FILE anywhere)

fill:  fills the rows of a statistics form the ruleset declares that follow
       from a payment list, leaves the others blank and says which; writes the
       form as CSV (编号,项目,单位,合计,说明).
check: checks a filled-in form (CSV with 编号 and 合计 columns) against the
       form's identities, such as 2C = 2D + 2E + 2F, and explains each failure
       with its figures.

Options:
  --rules FILE            the ruleset (YAML), if not given as RULESET
  --form ID               the form; may be left out if the ruleset has one
  --lang zh|en            language of the output (default zh)
  --as-of DATE            fill only: the date the list is checked as of
  --ref NAME=FILE         fill only: a reference table the ruleset declares, as
                          for check (a required one must be given: the list is
                          checked as it is read); repeat for each
  --encoding auto|utf-8|gb18030
                          fill only: encoding of LIST.csv (default auto)
  --threads N             fill only: threads evaluating rules (default 1)
  --batch-rows N          fill only: rows read per batch (default 65536)
  -o, --out, --output FILE
                          write to FILE instead of standard output
  -h, --help              print this help

Exit status: 0 the form was filled / every identity holds, 1 (check) an
identity does not hold or a figure is wrong, 2 bad usage, or the ruleset,
form or file could not be read.
)";

const char* const kEvalHelp =
    R"(Usage: fundrules eval [--json] EXPR

Evaluates an expression with no fields or parameters, e.g.
  fundrules eval '1500.00 * 2'
  fundrules eval --json 'is_cn_id("11010519491231002X")'

Options:
  --json       print {"type": ..., "value": ...} or {"error": ...} as JSON
  -h, --help   print this help

Exit status: 0 the expression gave a value, 1 it did not (syntax, type or
evaluation error), 2 bad usage.
)";

}  // namespace fundrules::cli
