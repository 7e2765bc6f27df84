# Warnings live on an INTERFACE target that every Pantau target links privately.
add_library(pantau_warnings INTERFACE)
add_library(pantau::warnings ALIAS pantau_warnings)
target_compile_options(pantau_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Wunused -Woverloaded-virtual -Wconversion -Wsign-conversion
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)

# pantau_library(NAME folder-alias SOURCES ...) : one library per folder, pantau:: alias, warnings on.
function(pantau_library name alias)
  cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
  add_library(${name} ${ARG_SOURCES})
  add_library(pantau::${alias} ALIAS ${name})
  target_include_directories(${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include)
  target_link_libraries(${name} PRIVATE pantau::warnings)
endfunction()
