; Inno Setup script: per-user install without administrator rights, Start-menu shortcut,
; optional desktop shortcut, upgrade in place (same AppId), and an uninstall that removes what
; was installed and nothing else (the user may have chosen a folder that holds their own files).
; 64-bit Windows 10 1703 or later only: Qt 6.11 needs it (and Windows' own icuuc.dll from it).
; Tested under Wine by packaging/windows/build_and_test_under_wine.sh.
;   iscc /DAppVersion=0.1.0 /DBundleDir="dist\OnTime Assist" packaging\windows\ontime-assist.iss

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\OnTime Assist"
#endif

[Setup]
AppId={{6F1E4C2A-7B0D-4E8A-9C51-0A3D2B7E9F14}
AppName=OnTime Assist
AppVersion={#AppVersion}
AppVerName=OnTime Assist {#AppVersion}
AppPublisher=OnTime Assist
DefaultDirName={localappdata}\Programs\OnTime Assist
DefaultGroupName=OnTime Assist
DisableProgramGroupPage=yes
; For the current user only: no administrator rights, never an elevation prompt.
PrivilegesRequired=lowest
OutputBaseFilename=OnTime-Assist-{#AppVersion}-setup
OutputDir=..\..\dist
SetupIconFile=ontime-assist.ico
UninstallDisplayIcon={app}\OnTime Assist.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
; The bundle is x64: refuse 32-bit Windows (x64compatible also admits Arm64 Windows 11,
; which runs x64 programs), and install as a 64-bit program.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Windows 10 version 1703 (build 15063), the oldest that Qt 6.11 supports.
MinVersion=10.0.15063

[Tasks]
Name: "desktopicon"; Description: "Create a &desktop shortcut"; GroupDescription: "Shortcuts:"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; Upgrade in place: remove the previous version's bundle so no stale library stays behind.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\OnTime Assist"; Filename: "{app}\OnTime Assist.exe"
Name: "{group}\OnTime Assist (practice mode)"; Filename: "{app}\OnTime Assist.exe"; Parameters: "--demo"
Name: "{autodesktop}\OnTime Assist"; Filename: "{app}\OnTime Assist.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\OnTime Assist.exe"; Description: "Open OnTime Assist now"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete]: the uninstaller removes the files every install put there (its log
; records them) and then the folder only if it is empty. The app writes nothing in {app} (its
; settings live in the user's AppData folder, which uninstalling keeps).
