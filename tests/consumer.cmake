# Consumer tests: install the build into a staging prefix, then use it the ways a host program
# would. Included by tests/CMakeLists.txt.
set(FUNDRULES_STAGING_DIR "${PROJECT_BINARY_DIR}/consumer/staging")
set(FUNDRULES_CONSUMER_DIR "${PROJECT_SOURCE_DIR}/tests/consumer")
set(FUNDRULES_CONSUMER_WORK "${PROJECT_BINARY_DIR}/consumer")

add_test(NAME consumer.install
         COMMAND "${CMAKE_COMMAND}" -DBUILD_DIR=${PROJECT_BINARY_DIR}
                 -DPREFIX=${FUNDRULES_STAGING_DIR} -DCONFIG=$<CONFIG>
                 -P "${FUNDRULES_CONSUMER_DIR}/stage.cmake")
set_tests_properties(consumer.install PROPERTIES
  FIXTURES_SETUP fundrules_staging
  LABELS consumer)

add_test(NAME consumer.headers_alone
         COMMAND "${CMAKE_COMMAND}" -DPREFIX=${FUNDRULES_STAGING_DIR}
                 -DCXX=${CMAKE_CXX_COMPILER} -DCC=${CMAKE_C_COMPILER}
                 -DWORK_DIR=${FUNDRULES_CONSUMER_WORK}/headers
                 -P "${FUNDRULES_CONSUMER_DIR}/check_headers.cmake")
set_tests_properties(consumer.headers_alone PROPERTIES
  FIXTURES_REQUIRED fundrules_staging
  LABELS consumer)
