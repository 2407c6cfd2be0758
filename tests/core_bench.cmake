# The core types' speed on per-row work (not a test: run it by hand from a Release build,
# `build/tests/core_bench [--ops N]`).
if(FUNDRULES_BUILD_BENCHMARKS)
  add_executable(core_bench ${CMAKE_CURRENT_SOURCE_DIR}/bench/core_bench.cpp)
  target_include_directories(core_bench PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(core_bench PRIVATE fundrules_static)
  fundrules_set_warnings(core_bench)
endif()
