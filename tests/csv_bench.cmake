# The CSV reader's speed over a generated million-row roster (not a test: run it by hand from a
# Release build, `build/tests/csv_bench [--rows N] [--gb18030] [--fields K]`).
if(FUNDRULES_BUILD_BENCHMARKS)
  add_executable(csv_bench ${CMAKE_CURRENT_SOURCE_DIR}/bench/csv_bench.cpp)
  target_include_directories(csv_bench PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(csv_bench PRIVATE fundrules_static)
  fundrules_set_warnings(csv_bench)
endif()
