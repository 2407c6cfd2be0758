# CLI golden tests: every line of golden/cases.txt runs the built fundrules program and
# compares its exit status and output with the files in golden/ (see golden/update.sh).
if(TARGET fundrules_cli)
  set(golden_dir ${CMAKE_CURRENT_SOURCE_DIR}/golden)
  file(STRINGS ${golden_dir}/cases.txt golden_lines ENCODING UTF-8)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${golden_dir}/cases.txt)
  foreach(line IN LISTS golden_lines)
    if(line MATCHES "^[ \t]*(#|$)")
      continue()
    endif()
    if(NOT line MATCHES "^([^ \t]+)[ \t]+([0-9]+)[ \t]+([^ \t]+)[ \t]+(.*)$")
      message(FATAL_ERROR "tests/golden/cases.txt: cannot read the line '${line}'")
    endif()
    set(case_name ${CMAKE_MATCH_1})
    add_test(NAME cli:${case_name}
             COMMAND ${CMAKE_COMMAND}
                     -DFUNDRULES=$<TARGET_FILE:fundrules_cli>
                     -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
                     -DGOLDEN_DIR=${golden_dir}
                     -DACTUAL_DIR=${PROJECT_BINARY_DIR}/golden-actual
                     -DNAME=${case_name}
                     -DEXIT=${CMAKE_MATCH_2}
                     -DSTDOUT=${CMAKE_MATCH_3}
                     "-DARGS=${CMAKE_MATCH_4}"
                     -P ${golden_dir}/run_case.cmake)
    set_tests_properties(cli:${case_name} PROPERTIES LABELS cli)
  endforeach()

  # The version is the one thing in the output that changes with every release.
  add_test(NAME cli:version COMMAND fundrules_cli --version)
  set_tests_properties(cli:version PROPERTIES LABELS cli
                       PASS_REGULAR_EXPRESSION "^fundrules ${PROJECT_VERSION}\n$")
  # Progress goes to standard error only when asked for (ctest's output is not a terminal);
  # the clean roster makes the second exit 0, so only the output decides.
  add_test(NAME cli:progress
           COMMAND fundrules_cli check --progress --lang en --format json -o progress-report.json
                   --rules ${PROJECT_SOURCE_DIR}/rules/cn/hefei/2017-liangjie.yaml
                   ${PROJECT_SOURCE_DIR}/examples/data/hefei-2017-roster.csv
           WORKING_DIRECTORY ${PROJECT_BINARY_DIR})
  set_tests_properties(cli:progress PROPERTIES LABELS cli
                       PASS_REGULAR_EXPRESSION "fundrules: [0-9,]+ rows, 100% of [0-9.]+ [kM]B, [0-9.]+ s")
  add_test(NAME cli:no-progress
           COMMAND fundrules_cli check --format json -o no-progress-report.json
                   --rules ${PROJECT_SOURCE_DIR}/rules/cn/hefei/2017-liangjie.yaml
                   ${PROJECT_SOURCE_DIR}/tests/golden/clean-roster.csv
           WORKING_DIRECTORY ${PROJECT_BINARY_DIR})
  set_tests_properties(cli:no-progress PROPERTIES LABELS cli
                       FAIL_REGULAR_EXPRESSION "fundrules: [0-9,]+ rows")
  add_test(NAME cli:help COMMAND fundrules_cli check --help)
  set_tests_properties(cli:help PROPERTIES LABELS cli
                       PASS_REGULAR_EXPRESSION "Usage: fundrules check --rules FILE")
endif()

# End to end: a generated roster with planted violations must be reported exactly.
find_package(Python3 COMPONENTS Interpreter)
if(TARGET fundrules_cli AND Python3_Interpreter_FOUND
   AND EXISTS ${PROJECT_SOURCE_DIR}/examples/generate_roster.py)
  add_test(NAME cli:planted-violations
           COMMAND Python3::Interpreter ${CMAKE_CURRENT_SOURCE_DIR}/cli_planted.py
                   $<TARGET_FILE:fundrules_cli> ${PROJECT_SOURCE_DIR}
                   ${PROJECT_BINARY_DIR}/cli-planted)
  set_tests_properties(cli:planted-violations PROPERTIES LABELS cli)
endif()
