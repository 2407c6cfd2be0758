# Checks that libfundrules_c exports the C API and nothing else: a C++ symbol leaking out would
# tie foreign hosts to the compiler's name mangling and could clash with a host's own
# libstdc++ or yaml-cpp.
#   cmake -DLIBRARY=<libfundrules_c.so> -DNM=<nm> -DHEADER=<fundrules.h> -P check_exports.cmake
cmake_minimum_required(VERSION 3.20)
foreach(var IN ITEMS LIBRARY NM HEADER)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_exports.cmake: ${var} is not set")
  endif()
endforeach()
execute_process(COMMAND "${NM}" -D --defined-only "${LIBRARY}" RESULT_VARIABLE result
                OUTPUT_VARIABLE symbols ERROR_VARIABLE err)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${NM} failed on ${LIBRARY}:\n${err}")
endif()
string(REGEX MATCHALL "[^\n]+" lines "${symbols}")
set(exported)
foreach(line IN LISTS lines)
  # "address type name"; weak and version-definition entries count too.
  if(line MATCHES "^[0-9a-fA-F]* *[A-Za-z] ([^ ]+)$")
    set(name "${CMAKE_MATCH_1}")
    if(NOT name MATCHES "^fr_")
      message(FATAL_ERROR "${LIBRARY} exports ${name}, which is not part of the C API")
    endif()
    list(APPEND exported "${name}")
  endif()
endforeach()
# Every function the header declares must be there.
file(STRINGS "${HEADER}" declarations REGEX "FR_API .*fr_[a-z_0-9]+\\(")
foreach(declaration IN LISTS declarations)
  string(REGEX MATCH "fr_[a-z_0-9]+\\(" name "${declaration}")
  string(REPLACE "(" "" name "${name}")
  if(NOT name IN_LIST exported)
    message(FATAL_ERROR "${HEADER} declares ${name} but ${LIBRARY} does not export it")
  endif()
endforeach()
list(LENGTH exported count)
message(STATUS "${LIBRARY} exports ${count} functions, all of the C API")
