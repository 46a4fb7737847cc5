; Inno Setup script: per-user install (no administrator rights), Vietnamese wizard, Start-menu and
; desktop shortcuts; uninstall leaves the data (workspace, keys, backups live in the user's data dir).
; Build on Windows after `python packaging\build.py`:  iscc packaging\installer.iss
; Inno Setup has no official Vietnamese translation: packaging/Vietnamese.isl translates the wizard
; messages the officer sees, over the English defaults.
; This file is UTF-8 with a BOM so that the Vietnamese texts reach the wizard intact.

#define AppName "ebgov-desktop"
#define AppVersion GetEnv("EBGOV_VERSION")
#if AppVersion == ""
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6F1C3E2A-7B0D-4C8E-9A51-EB60D0E5C0A1}
AppName=Báo cáo ứng dụng CNTT cấp xã (ebgov)
AppVersion={#AppVersion}
AppVerName=ebgov {#AppVersion}
AppPublisher=ebgov_desktop
DefaultDirName={localappdata}\Programs\ebgov-desktop
DefaultGroupName=ebgov
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist
OutputBaseFilename=ebgov-desktop-{#AppVersion}-setup
SetupIconFile=..\resources\icons\ebgov.ico
UninstallDisplayIcon={app}\ebgov-desktop.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
DisableProgramGroupPage=yes

[Languages]
Name: "vi"; MessagesFile: "compiler:Default.isl,Vietnamese.isl"

[Tasks]
Name: "desktopicon"; Description: "Tạo biểu tượng trên màn hình nền"; GroupDescription: "Biểu tượng:"

[Files]
Source: "..\dist\ebgov-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Báo cáo ứng dụng CNTT (ebgov)"; Filename: "{app}\ebgov-desktop.exe"
Name: "{group}\Gỡ cài đặt ebgov"; Filename: "{uninstallexe}"
Name: "{userdesktop}\Báo cáo ứng dụng CNTT (ebgov)"; Filename: "{app}\ebgov-desktop.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\ebgov-desktop.exe"; Description: "Mở chương trình ngay"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] for the data: the workspace, keys and backups are in
; %LOCALAPPDATA%\ebgov-desktop and stay when the program is removed.
