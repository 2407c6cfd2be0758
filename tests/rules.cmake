# The bundled rulesets' own tests: every tests file under rules/ must pass.
if(TARGET fundrules_cli)
  add_test(NAME rules:test COMMAND fundrules_cli test ${PROJECT_SOURCE_DIR}/rules)
  set_tests_properties(rules:test PROPERTIES LABELS rules)
endif()
