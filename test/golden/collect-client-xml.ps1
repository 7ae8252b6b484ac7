# rdplens collect: exports the Windows event logs that rdplens needs to explain Remote Desktop failures.
# Made by: rdplens collect --role client --since 2026-11-20T08:00 --format xml --out 'C:\Users\O''Brien\RDP exports'
#
# Run it on the RDP server and/or on the client computer, in PowerShell (Windows PowerShell 5.1 or
# PowerShell 7), preferably from an elevated prompt ("Run as administrator") so the Security log is included:
#     powershell -NoProfile -ExecutionPolicy Bypass -File .\rdplens-collect.ps1
# It writes one file per log into a new folder, then packs the folder into one .zip: send that .zip.
# Nothing is changed on the computer.

#Requires -Version 5.1
$ErrorActionPreference = 'Stop'

$OutRoot = 'C:\Users\O''Brien\RDP exports'
if (-not $OutRoot) { $OutRoot = $env:TEMP }
# absolute, so .NET (which has its own current directory) writes where PowerShell means
$OutRoot = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutRoot)
$Invariant = [Globalization.CultureInfo]::InvariantCulture
$Computer = $env:COMPUTERNAME
$Until = (Get-Date).ToUniversalTime()
$Since = [DateTime]::Parse('2026-11-20T08:00:00.000', $Invariant, [Globalization.DateTimeStyles]'AssumeLocal, AdjustToUniversal')
$SinceText = $Since.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", $Invariant)
$Range = $Since.ToString("yyyyMMdd'T'HHmmss'Z'", $Invariant) + '-' + $Until.ToString("yyyyMMdd'T'HHmmss'Z'", $Invariant)
$ExportEvtx = $false
$ExportXml = $true

# The logs and, for each, the events that matter (the same list and queries as "rdplens live").
$Channels = @(
    @{ Name = 'System'; File = 'System'; Query = '*[System[Provider[@Name=''TermDD'' or @Name=''Schannel'' or @Name=''LsaSrv'' or @Name=''Microsoft-Windows-TerminalServices-RemoteConnectionManager''] and TimeCreated[@SystemTime>=''{SINCE}'']]]'; Optional = $false; NeedsElevation = $false }
    @{ Name = 'Microsoft-Windows-TerminalServices-RDPClient/Operational'; File = 'Microsoft-Windows-TerminalServices-RDPClient-Operational'; Query = '*[System[TimeCreated[@SystemTime>=''{SINCE}'']]]'; Optional = $false; NeedsElevation = $false }
    @{ Name = 'Security'; File = 'Security'; Query = '*[System[(EventID=4624 or EventID=4625 or EventID=4634 or EventID=4647 or EventID=4648 or EventID=4776 or EventID=4778 or EventID=4779 or EventID=4825) and TimeCreated[@SystemTime>=''{SINCE}'']]]'; Optional = $false; NeedsElevation = $true }
    @{ Name = 'Microsoft-Windows-NTLM/Operational'; File = 'Microsoft-Windows-NTLM-Operational'; Query = '*[System[EventID=8001 and TimeCreated[@SystemTime>=''{SINCE}'']]]'; Optional = $false; NeedsElevation = $false }
    @{ Name = 'Microsoft-Windows-CAPI2/Operational'; File = 'Microsoft-Windows-CAPI2-Operational'; Query = '*[System[(EventID=11 or EventID=30 or EventID=40 or EventID=41 or EventID=90) and TimeCreated[@SystemTime>=''{SINCE}'']]]'; Optional = $true; NeedsElevation = $false }
)

# Quotes one argument for a Windows command line (backslashes before a quote are doubled).
function ConvertTo-WindowsArgument([string]$Value) {
    if ($Value -and $Value -notmatch '[\s"]') { return $Value }
    return '"' + (($Value -replace '(\\*)"', '$1$1\"') -replace '(\\+)$', '$1$1') + '"'
}

# Runs wevtutil; its error text is captured, not raised (5.1 would turn stderr into a terminating error).
function Invoke-Wevtutil([string[]]$Arguments) {
    $ErrorActionPreference = 'Continue'
    $text = & wevtutil.exe @Arguments 2>&1 | ForEach-Object { "$_" }
    return [pscustomobject]@{ ExitCode = $LASTEXITCODE; Message = (($text -join ' ') -replace '\s+', ' ').Trim() }
}

# wevtutil qe ... /f:xml, written as UTF-8. /uni:true makes wevtutil write UTF-16LE; the bytes are
# decoded here (not by PowerShell, which would use the OEM code page) and streamed in blocks.
function Export-ChannelXml([string]$Channel, [string]$Query, [string]$Path) {
    $psi = New-Object System.Diagnostics.ProcessStartInfo
    $psi.FileName = 'wevtutil.exe'
    $psi.Arguments = 'qe ' + (ConvertTo-WindowsArgument $Channel) + ' /f:xml /uni:true ' + (ConvertTo-WindowsArgument ('/q:' + $Query))
    $psi.UseShellExecute = $false
    $psi.CreateNoWindow = $true
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($psi)
    $errors = $process.StandardError.ReadToEndAsync()
    $stdout = $process.StandardOutput.BaseStream
    $writer = New-Object System.IO.StreamWriter($Path, $false, (New-Object System.Text.UTF8Encoding($false)))
    try {
        $bytes = New-Object byte[] 65536
        $chars = New-Object char[] 65537
        $decoder = $null
        while (($count = $stdout.Read($bytes, 0, $bytes.Length)) -gt 0) {
            if ($null -eq $decoder) {
                # UTF-16LE (with or without a BOM) as asked for; anything else in the console code page
                if ($count -ge 2 -and ($bytes[1] -eq 0 -or ($bytes[0] -eq 0xFF -and $bytes[1] -eq 0xFE))) {
                    $decoder = [System.Text.Encoding]::Unicode.GetDecoder()
                } else {
                    $decoder = [Console]::OutputEncoding.GetDecoder()
                }
            }
            $decoded = $decoder.GetChars($bytes, 0, $count, $chars, 0)
            $writer.Write($chars, 0, $decoded)
        }
    } finally {
        $writer.Dispose()
    }
    $process.WaitForExit()
    return [pscustomobject]@{ ExitCode = $process.ExitCode; Message = (($errors.Result) -replace '\s+', ' ').Trim() }
}

function Get-FailureText($Result) {
    switch ($Result.ExitCode) {
        15007 { return 'not present on this computer' }
        5 { return 'access denied (run from an elevated prompt to include it)' }
        default { return ('wevtutil exit code ' + $Result.ExitCode + ': ' + $Result.Message) }
    }
}

$IsAdmin = ([Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()).IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
$Folder = Join-Path $OutRoot ('rdplens-' + $Computer + '-' + $Range)
[System.IO.Directory]::CreateDirectory($Folder) | Out-Null
$Notes = New-Object System.Collections.Generic.List[string]
$Notes.Add('computer: ' + $Computer)
$Notes.Add('from (UTC): ' + $SinceText)
$Notes.Add('until (UTC): ' + $Until.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", $Invariant))
$Notes.Add('elevated: ' + $IsAdmin)
$Notes.Add('powershell: ' + $PSVersionTable.PSVersion)
if (-not $IsAdmin) {
    Write-Warning 'Not running as administrator: the Security log will be skipped. Re-run from an elevated PowerShell to include it.'
}

foreach ($c in $Channels) {
    $query = $c.Query.Replace('{SINCE}', $SinceText)
    $base = Join-Path $Folder ($Computer + '_' + $c.File + '_' + $Range)
    if ($c.NeedsElevation -and -not $IsAdmin) {
        $line = 'skipped ' + $c.Name + ': needs an elevated prompt (Run as administrator)'
        Write-Host $line -ForegroundColor Yellow
        $Notes.Add($line)
        continue
    }
    if ($c.Optional) {
        try { $info = Get-WinEvent -ListLog $c.Name -ErrorAction Stop } catch { $info = $null }
        if ($info -and -not $info.IsEnabled) {
            $Notes.Add('note ' + $c.Name + ': disabled; only events from when it was enabled are included (to record: wevtutil sl ' + $c.Name + ' /e:true, then reproduce the problem)')
        }
    }
    $outputs = @()
    if ($ExportEvtx) { $outputs += 'evtx' }
    if ($ExportXml) { $outputs += 'xml' }
    foreach ($kind in $outputs) {
        $file = $base + '.' + $kind
        if ($kind -eq 'evtx') {
            $result = Invoke-Wevtutil @('epl', $c.Name, $file, ('/q:' + $query), '/ow:true')
        } else {
            $result = Export-ChannelXml $c.Name $query $file
        }
        if ($result.ExitCode -eq 0) {
            $line = 'exported ' + $c.Name + ' -> ' + (Split-Path -Leaf $file)
            Write-Host $line
            $Notes.Add($line)
        } else {
            Remove-Item -LiteralPath $file -Force -ErrorAction SilentlyContinue
            $line = 'skipped ' + $c.Name + ': ' + (Get-FailureText $result)
            Write-Host $line -ForegroundColor Yellow
            $Notes.Add($line)
            break
        }
    }
}

$NotesFile = Join-Path $Folder 'rdplens-collect.txt'
[System.IO.File]::WriteAllLines($NotesFile, $Notes, (New-Object System.Text.UTF8Encoding($false)))
$Zip = $Folder + '.zip'
Compress-Archive -LiteralPath (Get-ChildItem -LiteralPath $Folder | ForEach-Object { $_.FullName }) -DestinationPath $Zip -Force
Write-Host ''
Write-Host ('Done. Send this file: ' + $Zip) -ForegroundColor Green
