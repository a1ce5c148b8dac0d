# stridecue_warnings(target): the project's warning set; errors when STRIDECUE_WERROR is ON.
function(stridecue_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                         $<$<COMPILE_LANGUAGE:CXX>:-Wnon-virtual-dtor>)
  if(STRIDECUE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
