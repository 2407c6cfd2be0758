# The bundled rulesets against their example lists (examples/generate_examples.py): each loads
# without warnings and reports exactly the violations planted in its list.
find_package(Python3 COMPONENTS Interpreter)
if(TARGET fundrules_cli AND Python3_Interpreter_FOUND)
  add_test(NAME cli:library-examples
           COMMAND Python3::Interpreter ${CMAKE_CURRENT_SOURCE_DIR}/library_examples.py
                   $<TARGET_FILE:fundrules_cli> ${PROJECT_SOURCE_DIR}
                   ${PROJECT_BINARY_DIR}/library-examples)
  set_tests_properties(cli:library-examples PROPERTIES LABELS cli)
endif()
