# Tests of the C API. capi_test, capi_check_test and capi_refs_test go through the exported C functions; capi_json_test reaches
# the JSON records reader, which the library keeps hidden, by compiling it in.
foreach(test capi_test capi_check_test capi_refs_test)
  if(TARGET ${test} AND TARGET fundrules_c)
    target_link_libraries(${test} PRIVATE fundrules_c)
  endif()
endforeach()
if(TARGET capi_json_test)
  target_sources(capi_json_test PRIVATE ${PROJECT_SOURCE_DIR}/bindings/c/src/json_records.cpp)
  target_include_directories(capi_json_test PRIVATE ${PROJECT_SOURCE_DIR}/bindings/c/src)
endif()
