# Checks that libfundrules exports the C++ API (the fundrules namespace, with the type
# information and virtual tables of its classes) and nothing else: no instantiation of a
# standard library or Boost template, which a host's own could bind to instead.
#   cmake -DLIBRARY=<libfundrules.so> -DNM=<nm> -P check_cxx_exports.cmake
cmake_minimum_required(VERSION 3.20)
foreach(var IN ITEMS LIBRARY NM)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_cxx_exports.cmake: ${var} is not set")
  endif()
endforeach()
execute_process(COMMAND "${NM}" -D --defined-only -C "${LIBRARY}" RESULT_VARIABLE result
                OUTPUT_VARIABLE symbols ERROR_VARIABLE err)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${NM} failed on ${LIBRARY}:\n${err}")
endif()
string(REGEX MATCHALL "[^\n]+" lines "${symbols}")
set(count 0)
set(foreign)
foreach(line IN LISTS lines)
  # "address type demangled name"; weak, unique and version-definition entries count too.
  if(NOT line MATCHES "^[0-9a-fA-F]* *[A-Za-z] (.+)$")
    continue()
  endif()
  set(name "${CMAKE_MATCH_1}")
  math(EXPR count "${count} + 1")
  string(REGEX REPLACE
         "^(typeinfo for |typeinfo name for |vtable for |VTT for |non-virtual thunk to |virtual thunk to )"
         "" entity "${name}")
  if(NOT entity MATCHES "^fundrules::")
    list(APPEND foreign "${name}")
  endif()
endforeach()
if(foreign)
  list(LENGTH foreign bad)
  list(JOIN foreign "\n  " shown)
  message(FATAL_ERROR "${LIBRARY} exports ${bad} symbols outside the fundrules namespace:\n  ${shown}")
endif()
if(count EQUAL 0)
  message(FATAL_ERROR "${LIBRARY} exports nothing: is it the library, and was it built?")
endif()
message(STATUS "${LIBRARY} exports ${count} symbols, all of the fundrules namespace")
