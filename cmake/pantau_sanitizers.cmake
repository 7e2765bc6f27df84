# Sanitizers ride on the same INTERFACE target as the warnings, so they reach every Pantau target.
if(PANTAU_SANITIZE)
  target_compile_options(pantau_warnings INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
  target_link_options(pantau_warnings INTERFACE -fsanitize=address,undefined)
endif()
