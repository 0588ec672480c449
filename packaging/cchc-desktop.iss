; Inno Setup script: installs the PyInstaller bundle (dist\CCHC Desktop) for the current user, no admin
; rights. Build (Windows, Inno Setup 6): iscc /DAppVersion=0.1.0 packaging\cchc-desktop.iss
; (.github/workflows/windows-bundle.yml does it after the bundle's smoke test.)
;
; Upgrade in place: the same AppId and folder; the old bundle's _internal folder is removed first so no
; stale library of a previous version is left. The user's data (%LOCALAPPDATA%\CCHC Desktop: the
; reports database, its backups and the log) is a different folder that neither the installer nor the
; uninstaller ever touches; the program goes to %LOCALAPPDATA%\Programs\CCHC Desktop.

#define AppName "CCHC Desktop"
#define AppExe "CCHC Desktop.exe"
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\dist\CCHC Desktop"
#endif

[Setup]
; never change AppId: it is how an upgrade finds the installed copy
AppId={{6F3B2C1E-8A4D-4E7B-9C2A-5D1E0F7A3B94}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=CCHC Desktop
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
; per user: no UAC prompt; {autopf} is then %LOCALAPPDATA%\Programs
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DisableDirPage=auto
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
; files of a running copy are closed through the Restart Manager before they are replaced
CloseApplications=yes
RestartApplications=no
SetupIconFile=cchc.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
OutputDir=..\dist\installer
OutputBaseFilename=CCHC-Desktop-{#AppVersion}-cai-dat
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
; Vietnamese.isl (Inno Setup's unofficial translation) is fetched next to this script by the workflow;
; without it the installer is built in English rather than not at all.
#ifexist AddBackslash(SourcePath) + "Vietnamese.isl"
Name: "vi"; MessagesFile: "Vietnamese.isl"
#else
Name: "en"; MessagesFile: "compiler:Default.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; only the program's own folder; never {localappdata}\CCHC Desktop (the data)
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; no [UninstallDelete]: uninstalling removes the program only; the reports stay on the computer
