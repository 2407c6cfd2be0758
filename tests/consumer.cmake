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

# libfundrules exports the fundrules namespace and nothing else.
if(CMAKE_NM AND CMAKE_SYSTEM_NAME STREQUAL "Linux" AND TARGET fundrules_shared)
  add_test(NAME consumer.cxx_exports
           COMMAND "${CMAKE_COMMAND}" -DLIBRARY=$<TARGET_FILE:fundrules_shared> -DNM=${CMAKE_NM}
                   -P "${FUNDRULES_CONSUMER_DIR}/check_cxx_exports.cmake")
  set_tests_properties(consumer.cxx_exports PROPERTIES LABELS consumer)
endif()

# The programs all check the same roster and must all print tests/consumer/data/expected.txt.
set(FUNDRULES_CONSUMER_ARGS
    "${FUNDRULES_CONSUMER_DIR}/data/relief.yaml|${FUNDRULES_CONSUMER_DIR}/data/roster.csv")
set(FUNDRULES_CONSUMER_EXPECTED "${FUNDRULES_CONSUMER_DIR}/data/expected.txt")

function(fundrules_add_consumer_test name)
  add_test(NAME consumer.${name}
           COMMAND "${CMAKE_COMMAND}" -DPREFIX=${FUNDRULES_STAGING_DIR}
                   -DGENERATOR=${CMAKE_GENERATOR} -DEXPECTED=${FUNDRULES_CONSUMER_EXPECTED}
                   "-DARGS=${FUNDRULES_CONSUMER_ARGS}" ${ARGN}
                   -P "${FUNDRULES_CONSUMER_DIR}/run_consumer.cmake")
  set_tests_properties(consumer.${name} PROPERTIES
    FIXTURES_REQUIRED fundrules_staging
    LABELS consumer)
endfunction()

set(FUNDRULES_CONSUMER_COMPILERS
    "-DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}|-DCMAKE_C_COMPILER=${CMAKE_C_COMPILER}")

# find_package(fundrules) from the staged install: the default, static and shared targets.
fundrules_add_consumer_test(find_package
  -DKIND=cmake -DSOURCE=${FUNDRULES_CONSUMER_DIR}/find_package
  -DWORK=${FUNDRULES_CONSUMER_WORK}/find_package
  "-DCMAKE_ARGS=${FUNDRULES_CONSUMER_COMPILERS}"
  "-DPROGRAMS=consumer_default|consumer_static|consumer_shared")

# The C API from C, through find_package(fundrules COMPONENTS c).
if(TARGET fundrules_c)
  fundrules_add_consumer_test(c_api
    -DKIND=cmake -DSOURCE=${FUNDRULES_CONSUMER_DIR}/c
    -DWORK=${FUNDRULES_CONSUMER_WORK}/c
    "-DCMAKE_ARGS=${FUNDRULES_CONSUMER_COMPILERS}"
    -DPROGRAMS=consumer_c)
endif()

# pkg-config, shared and static, as a Makefile would use it.
find_program(FUNDRULES_PKG_CONFIG pkg-config)
if(FUNDRULES_PKG_CONFIG)
  fundrules_add_consumer_test(pkg_config
    -DKIND=pkg-config -DSOURCE=${FUNDRULES_CONSUMER_DIR}/cpp/main.cpp
    -DWORK=${FUNDRULES_CONSUMER_WORK}/pkg_config -DCXX=${CMAKE_CXX_COMPILER})
endif()

# A foreign host: Python's ctypes on the staged libfundrules_c, standing for P/Invoke or JNA.
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND AND TARGET fundrules_c)
  fundrules_add_consumer_test(python_ctypes
    -DKIND=command
    "-DCOMMAND=${Python3_EXECUTABLE}|${FUNDRULES_CONSUMER_DIR}/python/ctypes_consumer.py|${FUNDRULES_STAGING_DIR}/${CMAKE_INSTALL_LIBDIR}/${CMAKE_SHARED_LIBRARY_PREFIX}fundrules_c${CMAKE_SHARED_LIBRARY_SUFFIX}|${FUNDRULES_CONSUMER_DIR}/data/relief.yaml|${FUNDRULES_CONSUMER_DIR}/data/roster.csv")
endif()

# add_subdirectory(): builds the library again inside the host project (only what the host
# links), unoptimised and without debug information to keep the compile short. Its build
# directory is kept, so later runs only rebuild what changed.
fundrules_add_consumer_test(add_subdirectory
  -DKIND=cmake -DSOURCE=${FUNDRULES_CONSUMER_DIR}/add_subdirectory
  -DWORK=${FUNDRULES_CONSUMER_WORK}/add_subdirectory -DBUILD_TYPE=Debug
  "-DCMAKE_ARGS=${FUNDRULES_CONSUMER_COMPILERS}|-DFUNDRULES_SOURCE_DIR=${PROJECT_SOURCE_DIR}|-DCMAKE_CXX_FLAGS_DEBUG=-O0|-DCMAKE_C_FLAGS_DEBUG=-O0"
  -DTARGETS=consumer_default -DPROGRAMS=consumer_default)
set_tests_properties(consumer.add_subdirectory PROPERTIES TIMEOUT 1800)

# The examples a newcomer builds first must build against the install as documented.
fundrules_add_consumer_test(example_cpp
  -DKIND=cmake -DSOURCE=${PROJECT_SOURCE_DIR}/examples/cpp
  -DWORK=${FUNDRULES_CONSUMER_WORK}/example_cpp
  "-DCMAKE_ARGS=${FUNDRULES_CONSUMER_COMPILERS}")
if(TARGET fundrules_c)
  fundrules_add_consumer_test(example_c
    -DKIND=cmake -DSOURCE=${PROJECT_SOURCE_DIR}/examples/c
    -DWORK=${FUNDRULES_CONSUMER_WORK}/example_c
    "-DCMAKE_ARGS=${FUNDRULES_CONSUMER_COMPILERS}")
endif()
