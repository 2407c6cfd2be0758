# The bundled rulesets: every case of their tests passes, every rule a ruleset declares is seen
# both failing and passing, no ruleset is without tests, and lint finds no error in any of them.
if(TARGET fundrules_cli)
  add_test(NAME rules:test
           COMMAND fundrules_cli test --require-coverage ${PROJECT_SOURCE_DIR}/rules)
  set_tests_properties(rules:test PROPERTIES LABELS rules)

  file(GLOB_RECURSE bundled_rulesets CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/rules/*.yaml)
  list(FILTER bundled_rulesets EXCLUDE REGEX "\\.tests\\.yaml$")
  add_test(NAME rules:lint COMMAND fundrules_cli lint ${bundled_rulesets})
  set_tests_properties(rules:lint PROPERTIES LABELS rules)

  # The commands themselves: a failing case is reported and counted; an error-level finding
  # makes lint fail.
  add_test(NAME cli:test-reports-failure
           COMMAND fundrules_cli test ${PROJECT_SOURCE_DIR}/tests/data/testing/small.tests.yaml)
  set_tests_properties(cli:test-reports-failure PROPERTIES LABELS cli
                       PASS_REGULAR_EXPRESSION "FAIL  wrong on purpose.*5 cases: 4 passed, 1 failed")
  add_test(NAME cli:lint-fails-on-error
           COMMAND fundrules_cli lint ${PROJECT_SOURCE_DIR}/tests/data/lint/findings.yaml)
  set_tests_properties(cli:lint-fails-on-error PROPERTIES LABELS cli WILL_FAIL TRUE)
  # A form identity that adds 万元 to 人次 is an error at its file, line and column.
  add_test(NAME cli:lint-identity-units
           COMMAND fundrules_cli lint ${PROJECT_SOURCE_DIR}/tests/data/lint/identity-units.yaml)
  set_tests_properties(cli:lint-identity-units PROPERTIES LABELS cli
                       PASS_REGULAR_EXPRESSION
                       "identity-units.yaml:26:29: error: form 'bangfu': identity '[^']*': mixes units: A is in 人次 but K is in 万元")
  add_test(NAME cli:lint-identity-units-fails
           COMMAND fundrules_cli lint ${PROJECT_SOURCE_DIR}/tests/data/lint/identity-units.yaml)
  set_tests_properties(cli:lint-identity-units-fails PROPERTIES LABELS cli WILL_FAIL TRUE)
  add_test(NAME cli:lint-clean
           COMMAND fundrules_cli lint ${PROJECT_SOURCE_DIR}/tests/data/lint/clean.yaml)
  set_tests_properties(cli:lint-clean PROPERTIES LABELS cli
                       PASS_REGULAR_EXPRESSION "1 ruleset: 0 errors, 0 warnings, 0 notes")
endif()
