# Consumer tests: install the build into a staging prefix, then use it the ways a host program
# would. Included by tests/CMakeLists.txt.
set(FUNDRULES_STAGING_DIR "${PROJECT_BINARY_DIR}/consumer/staging")
set(FUNDRULES_CONSUMER_DIR "${PROJECT_SOURCE_DIR}/tests/consumer")
set(FUNDRULES_CONSUMER_WORK "${PROJECT_BINARY_DIR}/consumer")

add_test(NAME consumer.install
         COMMAND "${CMAKE_COMMAND}" -DBUILD_DIR=${PROJECT_BINARY_DIR}
                 -DPREFIX=${FUNDRULES_STAGING_DIR} -DCONFIG=$<CONFIG>
                 -DC_API=$<TARGET_EXISTS:fundrules_c>
                 -P "${FUNDRULES_CONSUMER_DIR}/stage.cmake")
set_tests_properties(consumer.install PROPERTIES
  FIXTURES_SETUP fundrules_staging
  LABELS consumer)

add_test(NAME consumer.headers_alone
         COMMAND "${CMAKE_COMMAND}" -DPREFIX=${FUNDRULES_STAGING_DIR}
                 -DCXX=${CMAKE_CXX_COMPILER} -DCC=${CMAKE_C_COMPILER}
                 -DWORK_DIR=${FUNDRULES_CONSUMER_WORK}/headers
                 -DC_API=$<TARGET_EXISTS:fundrules_c>
                 -P "${FUNDRULES_CONSUMER_DIR}/check_headers.cmake")
set_tests_properties(consumer.headers_alone PROPERTIES
  FIXTURES_REQUIRED fundrules_staging
  LABELS consumer)

# libfundrules_c exports the C API and nothing else.
if(CMAKE_NM AND CMAKE_SYSTEM_NAME STREQUAL "Linux" AND TARGET fundrules_c)
  add_test(NAME consumer.c_exports
           COMMAND "${CMAKE_COMMAND}" -DLIBRARY=$<TARGET_FILE:fundrules_c> -DNM=${CMAKE_NM}
                   -DHEADER=${PROJECT_SOURCE_DIR}/bindings/c/include/fundrules/fundrules.h
                   -P "${FUNDRULES_CONSUMER_DIR}/check_exports.cmake")
  set_tests_properties(consumer.c_exports PROPERTIES LABELS consumer)
endif()
