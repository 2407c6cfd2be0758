# The expression evaluator's throughput over a million-row roster (not a test: run it by hand
# from a Release build, `build/tests/expr_bench [rows]`).
if(FUNDRULES_BUILD_BENCHMARKS)
  add_executable(expr_bench ${CMAKE_CURRENT_SOURCE_DIR}/bench/expr_bench.cpp)
  target_include_directories(expr_bench PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(expr_bench PRIVATE fundrules_static)
  fundrules_set_warnings(expr_bench)
endif()
