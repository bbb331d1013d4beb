# SPDX-License-Identifier: GPL-3.0-or-later
# Installers from the install() rules: a .deb (and a tarball) on Linux, an NSIS installer (or WiX
# MSI) and a zip on Windows, a drag-and-drop .dmg on macOS. Included last from the top-level
# CMakeLists.txt, so CPack sees every install() rule.
set(CPACK_PACKAGE_NAME juxta)
set(CPACK_PACKAGE_VENDOR "The Juxta developers")
set(CPACK_PACKAGE_CONTACT "The Juxta developers <developers@juxta.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
# Lines of at most 80 characters, as Debian's control files want them.
string(JOIN "\n" CPACK_PACKAGE_DESCRIPTION
    "Juxta sends one prompt to several language models at once, cloud providers"
    "and GGUF models run in-process by an embedded llama.cpp engine alike, and"
    "compares their answers, time to first token, decoding speed, tokens and cost."
    "It keeps a versioned prompt library and a history of every run. juxta-cli"
    "does the same from a terminal.")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_HOMEPAGE_URL "https://juxta.org/")
set(CPACK_PACKAGE_INSTALL_DIRECTORY Juxta)
set(CPACK_PACKAGE_EXECUTABLES juxta Juxta)
set(CPACK_STRIP_FILES ON)
set(CPACK_VERBATIM_VARIABLES ON)
# Only Juxta's own install() rules: projects built with JUXTA_FETCH_DEPENDENCIES bring theirs too.
set(CPACK_INSTALL_CMAKE_PROJECTS "${PROJECT_BINARY_DIR};${PROJECT_NAME};Juxta;/")
# WiX and the .dmg want a license file with an extension they know.
configure_file(${PROJECT_SOURCE_DIR}/COPYING ${PROJECT_BINARY_DIR}/COPYING.txt COPYONLY)
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_BINARY_DIR}/COPYING.txt)

if(WIN32)
    set(CPACK_GENERATOR NSIS ZIP)
    set(CPACK_NSIS_DISPLAY_NAME Juxta)
    set(CPACK_NSIS_PACKAGE_NAME Juxta)
    set(CPACK_NSIS_MUI_ICON ${PROJECT_SOURCE_DIR}/packaging/icons/${JUXTA_APP_ID}.ico)
    set(CPACK_NSIS_MUI_UNIICON ${PROJECT_SOURCE_DIR}/packaging/icons/${JUXTA_APP_ID}.ico)
    set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\juxta.exe")
    set(CPACK_NSIS_URL_INFO_ABOUT ${CPACK_PACKAGE_HOMEPAGE_URL})
    set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
    # Offers to put bin\ (juxta-cli.exe) on PATH.
    set(CPACK_NSIS_MODIFY_PATH ON)
    # `cpack -G WIX` makes an MSI instead. Its upgrade code is derived from the app id, so it never
    # changes between releases and an MSI of a newer version replaces an older one.
    string(UUID CPACK_WIX_UPGRADE_GUID NAMESPACE 6ba7b811-9dad-11d1-80b4-00c04fd430c8
           NAME "${JUXTA_APP_ID}" TYPE SHA1 UPPER)
    set(CPACK_WIX_PRODUCT_ICON ${PROJECT_SOURCE_DIR}/packaging/icons/${JUXTA_APP_ID}.ico)
    set(CPACK_WIX_PROGRAM_MENU_FOLDER Juxta)
    set(CPACK_WIX_PROPERTY_ARPURLINFOABOUT ${CPACK_PACKAGE_HOMEPAGE_URL})
elseif(APPLE)
    set(CPACK_GENERATOR DragNDrop)
    set(CPACK_DMG_VOLUME_NAME Juxta)
    set(CPACK_PACKAGE_ICON ${PROJECT_SOURCE_DIR}/packaging/icons/${JUXTA_APP_ID}.icns)
    set(CPACK_DMG_FORMAT UDZO)
    set(CPACK_DMG_SLA_USE_RESOURCE_FILE_LICENSE OFF)
else()
    set(CPACK_GENERATOR DEB TGZ)
    set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
    set(CPACK_DEBIAN_PACKAGE_SECTION devel)
    set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
    set(CPACK_DEBIAN_PACKAGE_HOMEPAGE ${CPACK_PACKAGE_HOMEPAGE_URL})
    # Libraries the executables link come from dpkg-shlibdeps. Plugins are loaded at run time and
    # no linker sees them: the SQLite driver (the database) and the platform plugins (xcb,
    # wayland; offscreen comes with libqt6gui6). libggml0 brings the CPU backends itself.
    set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
    set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite, qt6-qpa-plugins")
    # A Secret Service keeps the API keys; without one Juxta keeps them for the session only.
    # GPU backends libllama loads when they are installed (chosen at run time).
    set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "gnome-keyring | kwalletmanager | keepassxc")
    set(CPACK_DEBIAN_PACKAGE_SUGGESTS "libggml0-backend-vulkan, libggml0-backend-cuda")
    set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
endif()

if(WIN32 OR APPLE)
    set(CPACK_PRE_BUILD_SCRIPTS ${PROJECT_SOURCE_DIR}/packaging/codesign.cmake)
endif()

include(CPack)
