# SPDX-License-Identifier: GPL-3.0-or-later
# KF6 SyntaxHighlighting, QtKeychain and llama.cpp built from pinned source releases, for Windows
# and macOS, which do not package them. Only with -DJUXTA_FETCH_DEPENDENCIES=ON (the GitHub
# workflow sets it); Linux builds use the distribution's packages. Each is built as a static
# library into the executables, so the installers carry no extra DLLs or dylibs.
#
# The versions follow Debian sid's, which the ./dev environment tests against:
# KF6 6.30.0 (libkf6syntaxhighlighting6), QtKeychain 0.17.0, llama.cpp build 11669 (libllama0).
include(FetchContent)

set(JUXTA_FETCHED_KF6_VERSION 6.30.0)
set(JUXTA_FETCHED_QTKEYCHAIN_VERSION 0.17.0)
set(JUXTA_FETCHED_LLAMA_BUILD 11669)

# ECM is only CMake modules, and KF6 finds it as an installed package: it is installed into the
# build tree while configuring (SOURCE_SUBDIR names no project, so it is fetched, not added).
FetchContent_Declare(ecm
    GIT_REPOSITORY https://invent.kde.org/frameworks/extra-cmake-modules.git
    GIT_TAG v${JUXTA_FETCHED_KF6_VERSION}
    GIT_SHALLOW ON
    SOURCE_SUBDIR fetched-for-install-only)
FetchContent_MakeAvailable(ecm)
execute_process(
    COMMAND ${CMAKE_COMMAND} -S ${ecm_SOURCE_DIR} -B ${ecm_BINARY_DIR} -DCMAKE_INSTALL_PREFIX=${CMAKE_BINARY_DIR}/ecm
            -DBUILD_TESTING=OFF -DBUILD_HTML_DOCS=OFF -DBUILD_MAN_DOCS=OFF -DBUILD_QTHELP_DOCS=OFF
    COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${CMAKE_COMMAND} --install ${ecm_BINARY_DIR} COMMAND_ERROR_IS_FATAL ANY)
set(ECM_DIR ${CMAKE_BINARY_DIR}/ecm/share/ECM/cmake CACHE PATH "The extra-cmake-modules built for KF6" FORCE)

FetchContent_Declare(ksyntaxhighlighting
    GIT_REPOSITORY https://invent.kde.org/frameworks/syntax-highlighting.git
    GIT_TAG v${JUXTA_FETCHED_KF6_VERSION}
    GIT_SHALLOW ON)
FetchContent_Declare(qtkeychain
    GIT_REPOSITORY https://github.com/frankosterfeld/qtkeychain.git
    GIT_TAG ${JUXTA_FETCHED_QTKEYCHAIN_VERSION}
    GIT_SHALLOW ON)
FetchContent_Declare(llama
    GIT_REPOSITORY https://github.com/ggml-org/llama.cpp.git
    GIT_TAG b${JUXTA_FETCHED_LLAMA_BUILD}
    GIT_SHALLOW ON)

# Options for the fetched projects only: block() keeps them from reaching Juxta's own targets.
block()
    set(BUILD_SHARED_LIBS OFF)
    set(BUILD_TESTING OFF)
    set(BUILD_QCH OFF)
    set(BUILD_WITH_QT6 ON)
    set(QTKEYCHAIN_STATIC ON)
    set(BUILD_TEST_APPLICATION OFF)
    set(BUILD_TRANSLATIONS OFF)
    set(LLAMA_BUILD_TESTS OFF)
    set(LLAMA_BUILD_EXAMPLES OFF)
    set(LLAMA_BUILD_TOOLS OFF)
    set(LLAMA_BUILD_SERVER OFF)
    set(LLAMA_CURL OFF)
    # Portable binaries: built for the baseline instruction set, not the build machine's CPU.
    set(GGML_NATIVE OFF)
    if(APPLE)
        # Metal is llama.cpp's GPU backend on macOS; the shader library is compiled into the binary.
        set(GGML_METAL ON)
        set(GGML_METAL_EMBED_LIBRARY ON)
    endif()

    FetchContent_MakeAvailable(ksyntaxhighlighting qtkeychain llama)
endblock()

# Their own install() rules (headers, static libraries, CMake packages) stay out of the
# installers: CPack installs only the Juxta component (packaging/cpack.cmake).

# Static libraries: their export headers must not ask for __declspec(dllimport) on Windows.
target_compile_definitions(qt6keychain PUBLIC QT6KEYCHAIN_STATIC_DEFINE)
target_compile_definitions(KF6SyntaxHighlighting PUBLIC KSYNTAXHIGHLIGHTING_STATIC_DEFINE)

# What find_package() would have given the rest of the build.
set(KF6SyntaxHighlighting_VERSION ${JUXTA_FETCHED_KF6_VERSION})
set(LLAMA_BUILD_NUMBER ${JUXTA_FETCHED_LLAMA_BUILD})
if(NOT TARGET Qt6Keychain::Qt6Keychain)
    # Juxta includes <qt6keychain/keychain.h>, the installed layout; the source tree has qtkeychain/.
    set(juxta_keychain_include ${CMAKE_BINARY_DIR}/fetched-include)
    file(MAKE_DIRECTORY ${juxta_keychain_include}/qt6keychain)
    configure_file(${qtkeychain_SOURCE_DIR}/qtkeychain/keychain.h ${juxta_keychain_include}/qt6keychain/keychain.h
                   COPYONLY)
    configure_file(${qtkeychain_BINARY_DIR}/qtkeychain/qkeychain_export.h
                   ${juxta_keychain_include}/qt6keychain/qkeychain_export.h COPYONLY)
    target_include_directories(qt6keychain INTERFACE $<BUILD_INTERFACE:${juxta_keychain_include}>)
    add_library(Qt6Keychain::Qt6Keychain ALIAS qt6keychain)
endif()
