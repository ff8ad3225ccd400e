; Inno Setup script: per-user install without administrator rights, Start-menu shortcut,
; optional desktop shortcut, clean uninstall, upgrade in place (same AppId).
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
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputBaseFilename=OnTime-Assist-{#AppVersion}-setup
OutputDir=..\..\dist
SetupIconFile=ontime-assist.ico
UninstallDisplayIcon={app}\OnTime Assist.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
ArchitecturesInstallIn64BitMode=x64compatible

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

[UninstallDelete]
Type: filesandordirs; Name: "{app}"
