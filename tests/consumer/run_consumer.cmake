# Builds one consumer against fundrules and runs its programs, comparing what each prints with
# one expected file. Lists are passed with '|' between items (ctest eats semicolons).
#
#   cmake -DKIND=cmake -DSOURCE=<project> -DWORK=<dir> -DPREFIX=<install> -DGENERATOR=...
#         [-DBUILD_TYPE=...] [-DCMAKE_ARGS=a|b] [-DTARGETS=t1|t2] -DPROGRAMS=p1|p2
#         -DARGS=ruleset|roster -DEXPECTED=<file> -P run_consumer.cmake
#   cmake -DKIND=pkg-config -DSOURCE=<main.cpp> -DWORK=<dir> -DPREFIX=<install> -DCXX=<compiler>
#         -DARGS=... -DEXPECTED=... -P run_consumer.cmake
#   cmake -DKIND=command -DCOMMAND=exe|arg|... -DEXPECTED=... -P run_consumer.cmake
cmake_minimum_required(VERSION 3.20)
foreach(var IN ITEMS KIND EXPECTED)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_consumer.cmake: ${var} is not set")
  endif()
endforeach()
foreach(list_var IN ITEMS CMAKE_ARGS TARGETS PROGRAMS ARGS COMMAND)
  string(REPLACE "|" ";" ${list_var} "${${list_var}}")
endforeach()
file(READ "${EXPECTED}" expected_output)

function(run_step what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "${what} failed (${result}):\n${out}\n${err}")
  endif()
endfunction()

# Runs a program and compares its output with the expected file.
function(run_and_compare)
  string(REPLACE ";" " " shown "${ARGN}")
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "${shown} failed (${result}):\n${out}\n${err}")
  endif()
  if(NOT out STREQUAL expected_output)
    message(FATAL_ERROR "${shown} printed\n${out}\nbut ${EXPECTED} says\n${expected_output}")
  endif()
  message(STATUS "${shown}: as expected")
endfunction()

if(KIND STREQUAL "cmake")
  if(NOT BUILD_TYPE)
    set(BUILD_TYPE Release)
  endif()
  # The build directory is kept between runs, so that a second run only rebuilds what changed
  # (the add_subdirectory consumer compiles the whole library); a configure that fails on a
  # stale cache is retried from scratch.
  set(configure_command "${CMAKE_COMMAND}" -S "${SOURCE}" -B "${WORK}" -G "${GENERATOR}"
      -DCMAKE_BUILD_TYPE=${BUILD_TYPE} "-DCMAKE_PREFIX_PATH=${PREFIX}" ${CMAKE_ARGS})
  execute_process(COMMAND ${configure_command} RESULT_VARIABLE result OUTPUT_QUIET ERROR_QUIET)
  if(NOT result EQUAL 0)
    file(REMOVE_RECURSE "${WORK}")
    run_step("configuring ${SOURCE}" ${configure_command})
  endif()
  set(target_args)
  if(TARGETS)
    set(target_args --target ${TARGETS})
  endif()
  # Two jobs: the machines running the tests are often shared.
  run_step("building ${SOURCE}" "${CMAKE_COMMAND}" --build "${WORK}" --parallel 2 ${target_args})
  foreach(program IN LISTS PROGRAMS)
    run_and_compare("${WORK}/${program}" ${ARGS})
  endforeach()
elseif(KIND STREQUAL "pkg-config")
  find_program(PKG_CONFIG pkg-config REQUIRED)
  file(REMOVE_RECURSE "${WORK}")
  file(MAKE_DIRECTORY "${WORK}")
  file(GLOB pc_dirs "${PREFIX}/lib*/pkgconfig" "${PREFIX}/lib/*/pkgconfig")
  set(ENV{PKG_CONFIG_PATH} "${pc_dirs}")
  # As a Makefile would: the flags pkg-config gives, nothing else. The shared library is found
  # at run time through an rpath, the static one must link with only what Libs.private adds.
  foreach(mode IN ITEMS shared static)
    if(mode STREQUAL "shared")
      set(pc_args --cflags --libs fundrules)
    else()
      set(pc_args --cflags --libs --static fundrules)
    endif()
    execute_process(COMMAND "${PKG_CONFIG}" ${pc_args} RESULT_VARIABLE result
                    OUTPUT_VARIABLE flags ERROR_VARIABLE err OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(NOT result EQUAL 0)
      message(FATAL_ERROR "pkg-config ${pc_args} failed:\n${err}")
    endif()
    separate_arguments(flags UNIX_COMMAND "${flags}")
    execute_process(COMMAND "${PKG_CONFIG}" --variable=libdir fundrules
                    OUTPUT_VARIABLE libdir OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(mode STREQUAL "static")
      # Ask the linker for libfundrules.a rather than the .so it would prefer.
      list(TRANSFORM flags REPLACE "^-lfundrules$" "-l:libfundrules.a")
    endif()
    run_step("compiling with pkg-config (${mode})"
             "${CXX}" -std=c++17 "${SOURCE}" -o "${WORK}/consumer_${mode}" ${flags}
             "-Wl,-rpath,${libdir}")
    run_and_compare("${WORK}/consumer_${mode}" ${ARGS})
  endforeach()
elseif(KIND STREQUAL "command")
  run_and_compare(${COMMAND})
else()
  message(FATAL_ERROR "run_consumer.cmake: unknown KIND ${KIND}")
endif()
