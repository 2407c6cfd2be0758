# Warnings for the project's own targets. Third-party headers come in as SYSTEM includes so
# their warnings don't drown ours.
function(fundrules_set_warnings target)
  if(MSVC)
    target_compile_options(${target} PRIVATE /W4 /utf-8)
    if(FUNDRULES_WERROR)
      target_compile_options(${target} PRIVATE /WX)
    endif()
  else()
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                                             -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
                                             -Woverloaded-virtual)
    if(FUNDRULES_WERROR)
      # GCC 12 at -O3 reports maybe-uninitialized inside std::variant moves and (with
      # -Wnull-dereference, hence left out) inside libstdc++'s streambuf: false positives that
      # would make -Werror builds fail on code that is correct. They stay warnings.
      target_compile_options(${target} PRIVATE -Werror)
      if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
        target_compile_options(${target} PRIVATE -Wno-error=maybe-uninitialized)
      endif()
    endif()
  endif()
endfunction()

if(FUNDRULES_SANITIZE)
  add_compile_options(-fsanitize=${FUNDRULES_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${FUNDRULES_SANITIZE})
endif()
