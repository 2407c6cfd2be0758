# The bundled rulesets' own tests: every case under rules/ passes, every rule a ruleset declares
# is seen both failing and passing, and no ruleset is without tests.
if(TARGET fundrules_cli)
  add_test(NAME rules:test
           COMMAND fundrules_cli test --require-coverage ${PROJECT_SOURCE_DIR}/rules)
  set_tests_properties(rules:test PROPERTIES LABELS rules)

  # The command itself: a failing case is reported and counted.
  add_test(NAME cli:test-reports-failure
           COMMAND fundrules_cli test ${PROJECT_SOURCE_DIR}/tests/data/testing/small.tests.yaml)
  set_tests_properties(cli:test-reports-failure PROPERTIES LABELS cli
                       PASS_REGULAR_EXPRESSION "FAIL  wrong on purpose.*5 cases: 4 passed, 1 failed")
endif()
