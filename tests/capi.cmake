# Tests of the C API. capi_test goes through the exported C functions; capi_json_test reaches
# the JSON records reader, which the library keeps hidden, by compiling it in.
if(TARGET capi_test AND TARGET fundrules_c)
  target_link_libraries(capi_test PRIVATE fundrules_c)
endif()
if(TARGET capi_json_test)
  target_sources(capi_json_test PRIVATE ${PROJECT_SOURCE_DIR}/bindings/c/src/json_records.cpp)
  target_include_directories(capi_json_test PRIVATE ${PROJECT_SOURCE_DIR}/bindings/c/src)
endif()
