# SPDX-License-Identifier: GPL-3.0-or-later
# Signs what CPack staged, after windeployqt/macdeployqt ran and before the installer is made
# (CPACK_PRE_BUILD_SCRIPTS). The GitHub workflow sets the variables only when the repository has
# the signing secrets; without them the installers are made unsigned.
if(CMAKE_HOST_APPLE AND NOT "$ENV{JUXTA_CODESIGN_IDENTITY}" STREQUAL "")
    file(GLOB bundles LIST_DIRECTORIES true "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/*.app"
         "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/*/*.app")
    foreach(bundle IN LISTS bundles)
        message(STATUS "Signing ${bundle}")
        # juxta-cli inside the bundle is signed first, then the bundle, with the hardened runtime
        # notarization requires.
        file(GLOB helpers "${bundle}/Contents/MacOS/juxta-cli")
        foreach(helper IN LISTS helpers)
            execute_process(COMMAND codesign --force --timestamp --options runtime
                                    --sign "$ENV{JUXTA_CODESIGN_IDENTITY}" "${helper}" COMMAND_ERROR_IS_FATAL ANY)
        endforeach()
        execute_process(COMMAND codesign --force --deep --timestamp --options runtime
                                --sign "$ENV{JUXTA_CODESIGN_IDENTITY}" "${bundle}" COMMAND_ERROR_IS_FATAL ANY)
        execute_process(COMMAND codesign --verify --strict --verbose=2 "${bundle}" COMMAND_ERROR_IS_FATAL ANY)
    endforeach()
elseif(CMAKE_HOST_WIN32 AND NOT "$ENV{JUXTA_CODESIGN_CERTIFICATE}" STREQUAL "")
    file(GLOB_RECURSE binaries "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/*.exe" "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/*.dll")
    # Qt's own DLLs come signed by The Qt Company; only Juxta's executables are signed here.
    list(FILTER binaries INCLUDE REGEX "/juxta(-cli)?\\.exe$")
    foreach(binary IN LISTS binaries)
        message(STATUS "Signing ${binary}")
        execute_process(COMMAND signtool sign /f "$ENV{JUXTA_CODESIGN_CERTIFICATE}" /p "$ENV{JUXTA_CODESIGN_PASSWORD}"
                                /fd SHA256 /tr http://timestamp.digicert.com /td SHA256 "${binary}"
                        COMMAND_ERROR_IS_FATAL ANY)
    endforeach()
else()
    message(STATUS "No signing certificate: the installer's programs are left unsigned")
endif()
