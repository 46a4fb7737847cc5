; The Windows installer, built on Linux by Debian's makensis (NSIS 3.08: amd64-unicode stubs and a
; Vietnamese language file) from the PyInstaller bundle; .ci/windows builds it, installs it silently
; under Wine, runs the installed program and uninstalls it on every submission:
;   makensis -V2 -DDIST=<bundle folder> -DICON=<ebgov.ico> -DOUTFILE=<setup.exe> -DVERSION=0.1.0 installer.nsi
; Per-user install (no administrator rights), Vietnamese wizard, Start-menu shortcut, optional desktop
; shortcut; the uninstaller leaves the data (%LOCALAPPDATA%\ebgov-desktop). Silent: setup.exe /S.
Unicode true
Target amd64-unicode
!include "MUI2.nsh"
!include "x64.nsh"

!ifndef VERSION
  !define VERSION "0.1.0"
!endif
!define APPKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\ebgov-desktop"

Name "Báo cáo ứng dụng CNTT cấp xã (ebgov)"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\ebgov-desktop"
RequestExecutionLevel user
SetCompressor /SOLID lzma
; one 64 MB window over the whole bundle: the two executables carry the same Python archive (6.3 MB
; each), and the default 8 MB window does not reach back to the first copy (installer 29.9 MB against
; 30.5 MB with the same 95.2 MB bundle, measured 2026-12-06; makensis needs about 700 MB of memory)
SetCompressorDictSize 64
Icon "${ICON}"
UninstallIcon "${ICON}"
!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"

!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\ebgov-desktop.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Mở chương trình ngay"
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Vietnamese"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "Chương trình cần Windows 64-bit."
    Abort
  ${EndIf}
FunctionEnd

Section "Chương trình" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  File /r "${DIST}/*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateDirectory "$SMPROGRAMS\ebgov"
  CreateShortcut "$SMPROGRAMS\ebgov\Báo cáo ứng dụng CNTT (ebgov).lnk" "$INSTDIR\ebgov-desktop.exe"
  CreateShortcut "$SMPROGRAMS\ebgov\Gỡ cài đặt ebgov.lnk" "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "${APPKEY}" "DisplayName" "Báo cáo ứng dụng CNTT cấp xã (ebgov)"
  WriteRegStr HKCU "${APPKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${APPKEY}" "Publisher" "ebgov_desktop"
  WriteRegStr HKCU "${APPKEY}" "DisplayIcon" "$INSTDIR\ebgov-desktop.exe"
  WriteRegStr HKCU "${APPKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKCU "${APPKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${APPKEY}" "NoRepair" 1
SectionEnd

Section "Tạo biểu tượng trên màn hình nền" SecDesktop
  CreateShortcut "$DESKTOP\Báo cáo ứng dụng CNTT (ebgov).lnk" "$INSTDIR\ebgov-desktop.exe"
SectionEnd

Section "Uninstall"
  ; the data (workspace, keys, backups) is in %LOCALAPPDATA%\ebgov-desktop and stays
  Delete "$DESKTOP\Báo cáo ứng dụng CNTT (ebgov).lnk"
  RMDir /r "$SMPROGRAMS\ebgov"
  RMDir /r "$INSTDIR"
  DeleteRegKey HKCU "${APPKEY}"
SectionEnd
