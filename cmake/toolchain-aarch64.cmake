# Cross-compiling for arm64 (Raspberry-Pi-class kiosks) with Debian's cross compiler
# (crossbuild-essential-arm64) against an arm64 bookworm root: scripts/build-arm64 makes the root and
# passes it as PANTAU_ARM64_SYSROOT. Test programs run under qemu-user with that root as its -L prefix,
# so plain `ctest` and gtest_discover_tests work in the build tree.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(PANTAU_ARM64_SYSROOT "/var/cache/pantau-arm64/root" CACHE PATH "arm64 root with Pantau's libraries")
# try_compile projects read this file again without the cache: the value reaches them from here.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES PANTAU_ARM64_SYSROOT)

set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_SYSROOT ${PANTAU_ARM64_SYSROOT})
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

# Headers, libraries and CMake packages from the root only; programs (pkg-config, mosquitto) from
# the build machine.
set(CMAKE_FIND_ROOT_PATH ${PANTAU_ARM64_SYSROOT})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkg-config reads the root's .pc files and prefixes the paths it prints with the root.
set(ENV{PKG_CONFIG_SYSROOT_DIR} ${PANTAU_ARM64_SYSROOT})
set(ENV{PKG_CONFIG_LIBDIR}
    "${PANTAU_ARM64_SYSROOT}/usr/lib/aarch64-linux-gnu/pkgconfig:${PANTAU_ARM64_SYSROOT}/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")

# Test programs (and gtest's test discovery) run emulated, their libraries and loader from the root.
find_program(PANTAU_QEMU_AARCH64 NAMES qemu-aarch64-static qemu-aarch64 REQUIRED NO_CMAKE_FIND_ROOT_PATH)
set(CMAKE_CROSSCOMPILING_EMULATOR ${PANTAU_QEMU_AARCH64} -L ${PANTAU_ARM64_SYSROOT})
