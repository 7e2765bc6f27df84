# Install layout of a Pantau device (hub machine or kiosk): `cmake --install <build> [--prefix /usr]`.
#
#   <prefix>/bin/pantau-hub, pantau-kiosk, pantau-provision-kiosk, pantau-fleet-ca
#   <prefix>/share/pantau/hub-web/      the dashboard; uPlot under node_modules/uplot/dist, where the hub
#                                       serves /vendor/uplot from (hub/adapters/http/src/static_files.cpp)
#   <prefix>/share/pantau/kiosk-web/    the touch screen
#   <prefix>/share/pantau/examples/     hub.toml, kiosk.toml to copy into /etc/pantau/
#   <prefix>/lib/systemd/system/        the units; /etc/pantau/*.toml stays the configuration's home
#   <prefix>/share/doc/pantau/          README, the delivery protocol and the HTTP API
#
# The units, the example configs and the provisioning script name installed paths. They are written
# for the prefix given at install time (not at configure time), so `cmake --install --prefix <dir>`
# yields a tree whose files point at <dir>, and DESTDIR staging keeps pointing at the final prefix.
include(GNUInstallDirs)

# Off by default: scripts/demo and the tests run the binaries from the build tree and rely on the
# compiled-in web folders pointing at this source tree. Packages for devices turn it on so that a
# config without [http] web_root / [ui] web_dir still finds the installed pages.
option(PANTAU_INSTALLED_LAYOUT "Compile in the installed web folders (share/pantau/...) as defaults" OFF)

set(PANTAU_INSTALL_DATADIR ${CMAKE_INSTALL_DATADIR}/pantau)
if(PANTAU_INSTALLED_LAYOUT)
  set(PANTAU_HUB_WEB_DEFAULT ${CMAKE_INSTALL_FULL_DATADIR}/pantau/hub-web)
  set(PANTAU_KIOSK_WEB_DEFAULT ${CMAKE_INSTALL_FULL_DATADIR}/pantau/kiosk-web)
else()
  set(PANTAU_HUB_WEB_DEFAULT ${PROJECT_SOURCE_DIR}/hub/web)
  set(PANTAU_KIOSK_WEB_DEFAULT ${PROJECT_SOURCE_DIR}/kiosk/web)
endif()

# The dashboard: its own files only; npm's metadata is not served and not needed on a device.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/hub/web/ DESTINATION ${PANTAU_INSTALL_DATADIR}/hub-web
        PATTERN node_modules EXCLUDE
        PATTERN package.json EXCLUDE
        PATTERN package-lock.json EXCLUDE)
# uPlot from the pinned npm package (scripts/setup installs it). index.html links uPlot.min.css and
# charts.js imports uPlot.esm.js; the minified IIFE build is kept for pages that load it classically.
set(PANTAU_UPLOT_DIST ${PROJECT_SOURCE_DIR}/hub/web/node_modules/uplot/dist)
install(FILES ${PANTAU_UPLOT_DIST}/uPlot.iife.min.js ${PANTAU_UPLOT_DIST}/uPlot.min.css
              ${PANTAU_UPLOT_DIST}/uPlot.esm.js ${PROJECT_SOURCE_DIR}/hub/web/node_modules/uplot/LICENSE
        DESTINATION ${PANTAU_INSTALL_DATADIR}/hub-web/node_modules/uplot/dist)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/kiosk/web/ DESTINATION ${PANTAU_INSTALL_DATADIR}/kiosk-web)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/docs/delivery.md ${PROJECT_SOURCE_DIR}/docs/http-api.md ${PROJECT_SOURCE_DIR}/docs/security.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

# Files whose text names /usr/bin/pantau-* or /usr/share/pantau/*: rewritten for the install prefix,
# staged in the build tree, then installed with file(INSTALL) so DESTDIR and install_manifest.txt work.
install(CODE "
  set(_pantau_source \"${PROJECT_SOURCE_DIR}\")
  set(_pantau_stage \"${CMAKE_BINARY_DIR}/pantau-install-stage\")
  set(_pantau_bindir \"${CMAKE_INSTALL_BINDIR}\")
  set(_pantau_datadir \"${CMAKE_INSTALL_DATADIR}\")
  set(_pantau_docdir \"${CMAKE_INSTALL_DOCDIR}\")
")
install(CODE [[
  function(_pantau_abs out rel)
    if(IS_ABSOLUTE "${rel}")
      set(${out} "${rel}" PARENT_SCOPE)
    else()
      set(${out} "${CMAKE_INSTALL_PREFIX}/${rel}" PARENT_SCOPE)
    endif()
  endfunction()
  # One staging folder per destination: installs to two prefixes at once do not share files.
  string(MD5 _key "$ENV{DESTDIR}|${CMAKE_INSTALL_PREFIX}")
  set(_pantau_stage "${_pantau_stage}/${_key}")
  _pantau_abs(_bin "${_pantau_bindir}")
  _pantau_abs(_data "${_pantau_datadir}")
  _pantau_abs(_doc "${_pantau_docdir}")
  # install_prefixed SUBDIR DEST MODE FILE...: copies with the /usr paths replaced by this prefix's.
  function(_pantau_install_prefixed subdir dest perms)
    file(REMOVE_RECURSE "${_pantau_stage}/${subdir}")
    set(staged)
    foreach(src IN LISTS ARGN)
      get_filename_component(name "${src}" NAME)
      if(subdir STREQUAL "bin")
        set(name "pantau-${name}")  # scripts/provision-kiosk -> pantau-provision-kiosk on PATH
      endif()
      file(READ "${_pantau_source}/${src}" text)
      string(REPLACE "/usr/bin/pantau-" "${_bin}/pantau-" text "${text}")
      string(REPLACE "/usr/share/pantau/" "${_data}/pantau/" text "${text}")
      string(REPLACE "/usr/share/doc/pantau/" "${_doc}/" text "${text}")
      file(WRITE "${_pantau_stage}/${subdir}/${name}" "${text}")
      list(APPEND staged "${_pantau_stage}/${subdir}/${name}")
    endforeach()
    file(INSTALL DESTINATION "${dest}" TYPE FILE FILE_PERMISSIONS ${perms} FILES ${staged})
  endfunction()
  _pantau_install_prefixed(systemd "${CMAKE_INSTALL_PREFIX}/lib/systemd/system"
    "OWNER_READ;OWNER_WRITE;GROUP_READ;WORLD_READ"
    systemd/pantau-hub.service systemd/pantau-hub-verify.service systemd/pantau-hub-verify.timer
    systemd/pantau-kiosk.service systemd/pantau-kiosk-browser.service)
  _pantau_install_prefixed(examples "${_data}/pantau/examples"
    "OWNER_READ;OWNER_WRITE;GROUP_READ;WORLD_READ"
    packaging/hub.toml packaging/kiosk.toml)
  _pantau_install_prefixed(bin "${_bin}"
    "OWNER_READ;OWNER_WRITE;OWNER_EXECUTE;GROUP_READ;GROUP_EXECUTE;WORLD_READ;WORLD_EXECUTE"
    scripts/provision-kiosk scripts/fleet-ca)
  file(REMOVE_RECURSE "${_pantau_stage}")
]])
