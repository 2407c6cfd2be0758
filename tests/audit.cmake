# Whole-program properties, run on the built fundrules program with plain Python (no packages):
# damaged files lose no row, no output shows personal data unless asked, and reports are
# byte-identical whatever the thread count or batch size and carry what an auditor needs.
find_package(Python3 COMPONENTS Interpreter)
if(TARGET fundrules_cli AND Python3_Interpreter_FOUND)
  foreach(suite damaged privacy reproducible)
    add_test(NAME audit:${suite}
             COMMAND Python3::Interpreter ${CMAKE_CURRENT_SOURCE_DIR}/cli_${suite}.py
                     $<TARGET_FILE:fundrules_cli> ${PROJECT_SOURCE_DIR}
                     ${PROJECT_BINARY_DIR}/audit-${suite})
    set_tests_properties(audit:${suite} PROPERTIES LABELS audit TIMEOUT 900)
  endforeach()
endif()
