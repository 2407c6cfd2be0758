# Benchmark programs: every tests/bench/<name>_bench.cpp becomes a program (not a test: they
# print figures, they do not pass or fail). Run them from a Release build.
if(FUNDRULES_BUILD_BENCHMARKS)
  file(GLOB FUNDRULES_BENCHMARKS CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/bench/*_bench.cpp)
  foreach(bench_source IN LISTS FUNDRULES_BENCHMARKS)
    get_filename_component(bench_name ${bench_source} NAME_WE)
    add_executable(${bench_name} ${bench_source})
    target_include_directories(${bench_name} PRIVATE ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(${bench_name} PRIVATE fundrules_static)
    fundrules_set_warnings(${bench_name})
  endforeach()
endif()
