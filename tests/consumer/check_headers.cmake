# Compiles every installed public header on its own, with only the install's include directory
# given, and fails if one does not compile alone or pulls in Boost or yaml-cpp (a host must not
# need either to include fundrules):
#   cmake -DPREFIX=... -DCXX=... -DCC=... -DWORK_DIR=... [-DC_API=1] -P check_headers.cmake
cmake_minimum_required(VERSION 3.20)
foreach(var IN ITEMS PREFIX CXX CC WORK_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_headers.cmake: ${var} is not set")
  endif()
endforeach()
get_filename_component(PREFIX "${PREFIX}" ABSOLUTE)
get_filename_component(WORK_DIR "${WORK_DIR}" ABSOLUTE)
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(include_dir "${PREFIX}/include")
set(warnings -Wall -Wextra -Wpedantic -Wshadow -Werror)

# -H lists every header the compiler opens, one per line; that is how a Boost or yaml-cpp
# header gets caught even though both live in the default system include path.
function(compile_alone compiler language standard header)
  get_filename_component(stem "${header}" NAME)
  string(MAKE_C_IDENTIFIER "${stem}_${language}" stem)
  if(language STREQUAL "c")
    set(source "${WORK_DIR}/${stem}.c")
  else()
    set(source "${WORK_DIR}/${stem}.cpp")
  endif()
  file(WRITE "${source}" "#include <fundrules/${header}>\n")
  execute_process(
    COMMAND "${compiler}" -std=${standard} ${warnings} -fsyntax-only -H -I "${include_dir}"
            "${source}"
    RESULT_VARIABLE result
    OUTPUT_VARIABLE output
    ERROR_VARIABLE output)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "fundrules/${header} does not compile alone as ${language}:\n${output}")
  endif()
  if(output MATCHES "[/\\](boost|yaml-cpp)[/\\]")
    message(FATAL_ERROR "fundrules/${header} pulls in ${CMAKE_MATCH_1}:\n${output}")
  endif()
  if(NOT output MATCHES "fundrules[/\\]${header}")
    message(FATAL_ERROR "the compiler did not list fundrules/${header}; the check is blind:\n"
                        "${output}")
  endif()
endfunction()

file(GLOB headers RELATIVE "${include_dir}/fundrules" "${include_dir}/fundrules/*.hpp")
list(LENGTH headers count)
if(count LESS 10)
  message(FATAL_ERROR "only ${count} C++ headers installed in ${include_dir}/fundrules")
endif()
foreach(header IN LISTS headers)
  compile_alone("${CXX}" cxx c++17 "${header}")
endforeach()
# The C header must be valid C99 and valid C++.
if(C_API)
  compile_alone("${CC}" c c99 fundrules.h)
  compile_alone("${CXX}" cxx c++17 fundrules.h)
endif()
message(STATUS "${count} C++ headers (and the C header if built) compile alone without Boost "
               "or yaml-cpp")
