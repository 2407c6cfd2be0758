# Tests of the C API. capi_test, capi_check_test, capi_refs_test and capi_record_test go through
# the exported C functions; capi_json_test reaches the JSON records reader, which the library
# keeps hidden, by compiling it in.
foreach(test capi_test capi_check_test capi_refs_test capi_record_test)
  if(TARGET ${test} AND TARGET fundrules_c)
    target_link_libraries(${test} PRIVATE fundrules_c)
  endif()
endforeach()
if(TARGET capi_json_test)
  target_sources(capi_json_test PRIVATE ${PROJECT_SOURCE_DIR}/bindings/c/src/json_records.cpp)
  target_include_directories(capi_json_test PRIVATE ${PROJECT_SOURCE_DIR}/bindings/c/src)
endif()
# capi_record_alloc_test counts allocations with its own operator new, which a shared library
# would not use: the C API's sources are compiled into it.
if(TARGET capi_record_alloc_test)
  file(GLOB capi_record_alloc_sources ${PROJECT_SOURCE_DIR}/bindings/c/src/*.cpp)
  target_sources(capi_record_alloc_test PRIVATE ${capi_record_alloc_sources})
  target_include_directories(capi_record_alloc_test PRIVATE ${PROJECT_SOURCE_DIR}/bindings/c/src
                                                            ${PROJECT_SOURCE_DIR}/bindings/c/include)
endif()
