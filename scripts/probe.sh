#!/usr/bin/env bash
# Rigenera probe: reads a donated computer's hardware from a live USB system and sends it to Rigenera.
#
#   sudo bash probe.sh                 asks for the device's tag (type it, or scan the label)
#   sudo bash probe.sh FOL-00042-K     the tag on the command line
#   sudo bash probe.sh --send FILE     sends a report saved earlier (e.g. when the network was down)
#
# It collects `lshw -json`, `smartctl --scan` then `smartctl -j -a` for each disk, `dmidecode`,
# `lscpu`, the battery's design and full capacities and the internal screen's EDID from sysfs. It
# saves everything to a file next to this script first, then posts it to
# <RIGENERA_URL>/api/v1/devices/<TAG>/hardware-reports with the hub token, retrying while the network
# is down. Plain bash and the tools of any Debian or Ubuntu live system: no Python, no Node.
#
# Settings, from the environment or from rigenera.conf next to this script (KEY=value lines):
#   RIGENERA_URL          the server, e.g. https://rigenera.digipass.umbria.it
#   RIGENERA_TOKEN        a hub token (npm run cli -- token:create --role volunteer --hub FOL --label probe)
#   RIGENERA_OUT          where reports are saved (default: reports/ next to this script, else /tmp)
#   RIGENERA_RETRIES      how many times to try sending (default 40)
#   RIGENERA_RETRY_DELAY  seconds between tries (default 15)
#   RIGENERA_SYSFS        the sysfs root to read batteries and screens from (default /sys)

set -u
umask 077

VERSION="1.0"
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

case "${LANG:-}${LC_ALL:-}" in
  en*) EN=1 ;;
  *) EN=0 ;;
esac
# say "italiano" "English"
say() { if [ "$EN" = 1 ]; then printf '%s\n' "$2"; else printf '%s\n' "$1"; fi; }
step() { say "[$1/7] $2" "[$1/7] $3"; }

# Runs a command that can take a while (lshw on an old laptop: a minute) and, on a terminal, shows
# the seconds going by on one line, so nobody takes a slow machine for a stuck script.
ticking() {
  if [ ! -t 1 ]; then "$@"; return $?; fi
  "$@" &
  local pid=$! secs=0
  while kill -0 "$pid" 2> /dev/null; do
    sleep 1
    secs=$((secs + 1))
    [ "$secs" -ge 3 ] && printf '\r  … %s s ' "$secs"
  done
  [ "$secs" -ge 3 ] && printf '\r%*s\r' 12 ''
  wait "$pid"
}

# ---- settings: environment first, then rigenera.conf (read as data, never executed)
conf_get() {
  local key=$1 file="$SCRIPT_DIR/rigenera.conf" line
  [ -r "$file" ] || return 0
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line%$'\r'}
    case "$line" in
      "$key="*) line=${line#"$key="}; line=${line#\"}; line=${line%\"}; printf '%s' "$line"; return 0 ;;
    esac
  done < "$file"
}
URL=${RIGENERA_URL:-$(conf_get RIGENERA_URL)}
URL=${URL%/}
TOKEN=${RIGENERA_TOKEN:-$(conf_get RIGENERA_TOKEN)}
RETRIES=${RIGENERA_RETRIES:-$(conf_get RIGENERA_RETRIES)}
RETRIES=${RETRIES:-40}
DELAY=${RIGENERA_RETRY_DELAY:-$(conf_get RIGENERA_RETRY_DELAY)}
DELAY=${DELAY:-15}
SYSFS=${RIGENERA_SYSFS:-/sys}
OUT=${RIGENERA_OUT:-$(conf_get RIGENERA_OUT)}
OUT=${OUT:-$SCRIPT_DIR/reports}

# ---- JSON text: a file's bytes as a JSON string (control characters dropped, the rest escaped)
json_string() {
  printf '"'
  LC_ALL=C tr -d '\000-\010\013\014\016-\037' < "$1" \
    | LC_ALL=C sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\t/\\t/g' -e 's/\r/\\r/g' \
    | LC_ALL=C awk 'BEGIN { ORS = "" } NR > 1 { print "\\n" } { print }'
  printf '"'
}

# The value of a top-level-looking "key":"value" in a JSON answer (good enough for our own answers).
json_field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p" "$2" | head -n 1; }

normalise_tag() {
  local t=$1
  t=${t##*/d/}
  t=${t%%[?#]*}
  t=$(printf '%s' "$t" | tr '[:lower:]' '[:upper:]' | tr -d ' \t\r\n')
  printf '%s' "$t"
}
valid_tag() { [[ $1 =~ ^[A-Z]{2,5}-?[0-9]{5,9}-?[0-9A-Z]$ ]]; }

# ---- sending, with retries while the network (or the server) is not there
send_report() {
  local tag=$1 file=$2 resp code rc attempt=1 endpoint
  endpoint="$URL/api/v1/devices/$tag/hardware-reports"
  resp=$(mktemp)
  if [ -z "$URL" ] || [ -z "$TOKEN" ]; then
    say "Manca RIGENERA_URL o RIGENERA_TOKEN (in rigenera.conf accanto allo script): il rapporto resta in $file." \
        "RIGENERA_URL or RIGENERA_TOKEN is missing (in rigenera.conf next to the script): the report stays in $file."
    return 3
  fi
  while :; do
    local kb=$(( ($(wc -c < "$file") + 1023) / 1024 ))
    say "Invio a $URL ($kb kB, tentativo $attempt di $RETRIES)…" "Sending to $URL ($kb kB, attempt $attempt of $RETRIES)…"
    if command -v curl > /dev/null 2>&1; then
      # On a terminal curl draws its own progress bar (on a slow hub connection a report takes seconds).
      local shown=(-sS)
      [ -t 2 ] && shown=(--progress-bar)
      code=$(curl "${shown[@]}" -o "$resp" -w '%{http_code}' --connect-timeout 10 --max-time 180 \
        -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
        -H "Accept-Language: $([ "$EN" = 1 ] && echo en || echo it)" \
        --data-binary @"$file" "$endpoint" 2> "$([ -t 2 ] && echo /dev/stderr || echo /dev/null)")
      rc=$?
    else
      local hdr
      hdr=$(mktemp)
      wget -q -O "$resp" --server-response --content-on-error --timeout=60 --tries=1 \
        --header="Authorization: Bearer $TOKEN" --header='Content-Type: application/json' \
        --header="Accept-Language: $([ "$EN" = 1 ] && echo en || echo it)" \
        --post-file="$file" "$endpoint" 2> "$hdr"
      rc=$?
      code=$(sed -n 's/^ *HTTP\/[0-9.]* \([0-9][0-9][0-9]\).*/\1/p' "$hdr" | tail -n 1)
      [ "$rc" = 8 ] && rc=0
      code=${code:-000}
      rm -f "$hdr"
    fi
    case "$code" in
      200 | 201)
        show_result "$tag" "$resp"
        rm -f "$resp"
        return 0
        ;;
      4[0-9][0-9])
        if [ "$code" != 408 ] && [ "$code" != 429 ]; then
          say "Rigenera ha rifiutato il rapporto ($code): $(json_field error "$resp")" "Rigenera refused the report ($code): $(json_field error "$resp")"
          say "Il rapporto resta in $file." "The report stays in $file."
          rm -f "$resp"
          return 2
        fi
        ;;
    esac
    if [ "$attempt" -ge "$RETRIES" ]; then
      say "Non riesco a raggiungere Rigenera. Il rapporto è salvato in $file: quando la rete c'è, invialo con" \
          "Cannot reach Rigenera. The report is saved in $file: once the network is back, send it with"
      say "  sudo bash $SCRIPT_DIR/probe.sh --send $file" "  sudo bash $SCRIPT_DIR/probe.sh --send $file"
      rm -f "$resp"
      return 1
    fi
    if [ "$rc" != 0 ] || [ "$code" = 000 ]; then
      say "Rete non raggiungibile: riprovo fra $DELAY s (Ctrl-C per smettere; il rapporto è già salvato)." \
          "Network unreachable: trying again in $DELAY s (Ctrl-C to stop; the report is already saved)."
    else
      say "Il server ha risposto $code: riprovo fra $DELAY s." "The server answered $code: trying again in $DELAY s."
    fi
    sleep "$DELAY"
    attempt=$((attempt + 1))
  done
}

show_result() {
  local tag=$1 resp=$2 url cpu ram disks status
  url=$(json_field deviceUrl "$resp")
  status=$(json_field status "$resp")
  cpu=$(sed -n 's/.*"cpu":{"model":"\([^"]*\)".*/\1/p' "$resp" | head -n 1)
  ram=$(sed -n 's/.*"ram":{"totalBytes":\([0-9]*\).*/\1/p' "$resp" | head -n 1)
  disks=$(grep -o '"health":"[a-z]*"' "$resp" | sed 's/"health":"\([a-z]*\)"/\1/' | tr '\n' ' ')
  say "Fatto: rapporto registrato per $tag." "Done: report recorded for $tag."
  [ -n "$cpu" ] && say "  Processore: $cpu" "  Processor: $cpu"
  [ -n "$ram" ] && say "  RAM: $((ram / 1073741824)) GB" "  RAM: $((ram / 1073741824)) GB"
  [ -n "$disks" ] && say "  Dischi (salute): $disks" "  Disks (health): $disks"
  if [ "$status" = review ]; then
    say "ATTENZIONE: il numero di serie non corrisponde a quello registrato per $tag. Il rapporto aspetta la verifica di chi coordina: controlla di aver scansionato l'etichetta giusta." \
        "WARNING: the serial number does not match the one recorded for $tag. The report waits for a coordinator's review: check that you scanned the right label."
  fi
  say "Scheda del dispositivo: ${url:-$URL/d/$tag}" "Device page: ${url:-$URL/d/$tag}"
}

# ---- --send FILE: a report saved earlier
if [ "${1:-}" = "--send" ]; then
  file=${2:-}
  if [ ! -r "$file" ]; then
    say "Indica il file del rapporto da inviare." "Give the report file to send."
    exit 2
  fi
  tag=$(basename "$file")
  tag=${tag%%_*}
  send_report "$tag" "$file"
  exit $?
fi

# ---- root: lshw, smartctl and dmidecode see little without it
if [ "$(id -u)" != 0 ]; then
  if [ -z "${RIGENERA_NO_SUDO:-}" ] && command -v sudo > /dev/null 2>&1; then
    exec sudo RIGENERA_URL="$URL" RIGENERA_TOKEN="$TOKEN" RIGENERA_OUT="$OUT" RIGENERA_SYSFS="$SYSFS" LANG="${LANG:-}" bash "$0" "$@"
  fi
  say "Attenzione: senza root lshw, smartctl e dmidecode vedono poco. Usa: sudo bash $0" \
      "Warning: without root lshw, smartctl and dmidecode see little. Use: sudo bash $0"
fi

say "Rigenera probe $VERSION" "Rigenera probe $VERSION"

# ---- the tag: typed, or from a USB scanner (which types it and presses Enter)
TAG=$(normalise_tag "${1:-}")
tries=0
while ! valid_tag "$TAG"; do
  [ -n "$TAG" ] && say "«$TAG» non è un codice Rigenera (forma: FOL-00042-K)." "“$TAG” is not a Rigenera tag (shape: FOL-00042-K)."
  tries=$((tries + 1))
  if [ "$tries" -gt 3 ]; then exit 2; fi
  if [ "$EN" = 1 ]; then printf 'Device tag (type it or scan the label): '; else printf 'Codice del dispositivo (digitalo o scansiona l’etichetta): '; fi
  if ! IFS= read -r answer; then
    echo
    exit 2
  fi
  TAG=$(normalise_tag "$answer")
done

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
MISSING=()

have() {
  if command -v "$1" > /dev/null 2>&1; then return 0; fi
  MISSING+=("$1")
  say "  $1 non c'è: lo fornisce il pacchetto $2 (sudo apt install $2)." "  $1 is missing: the $2 package provides it (sudo apt install $2)."
  return 1
}

# The disks holding the live system and this script: not the donated machine's, never reported.
# RIGENERA_BOOT_DISKS (one per line, possibly empty) replaces the detection.
boot_disks() {
  local mp src parent
  if [ -n "${RIGENERA_BOOT_DISKS+set}" ]; then
    printf '%s\n' "$RIGENERA_BOOT_DISKS"
    return
  fi
  for mp in /run/live/medium /lib/live/mount/medium /cdrom /run/initramfs/live /isodevice "$SCRIPT_DIR"; do
    [ -e "$mp" ] || continue
    src=$(findmnt -n -o SOURCE --target "$mp" 2> /dev/null | head -n 1)
    case "$src" in /dev/*) ;; *) continue ;; esac
    parent=$(lsblk -no PKNAME "$src" 2> /dev/null | head -n 1)
    if [ -n "$parent" ]; then echo "/dev/$parent"; else echo "$src"; fi
  done | sort -u
}

step 1 "lshw (sistema, processore, memoria, dischi)…" "lshw (system, processor, memory, disks)…"
if have lshw lshw; then
  ticking sh -c 'lshw -json -quiet > "$1" 2> /dev/null || lshw -json > "$1" 2> /dev/null' lshw "$WORK/lshw.json"
fi

step 2 "smartctl (salute dei dischi)…" "smartctl (disk health)…"
n=0
if have smartctl smartmontools; then
  skip=$(boot_disks)
  scan=$(smartctl --scan 2> /dev/null | sed 's/ -d / /' | grep '^/dev/')
  disks=$(printf '%s\n' "$scan" | grep -c '^/dev/')
  seen=0
  while read -r dev type _; do
    case "$dev" in /dev/*) ;; *) continue ;; esac
    seen=$((seen + 1))
    if [ -n "$skip" ] && printf '%s\n' "$skip" | grep -qx "$dev"; then
      say "  $dev: è la chiavetta live, la salto." "  $dev: it is the live stick, skipping it."
      continue
    fi
    n=$((n + 1))
    # Disk by disk, counted: a failing disk can take a while to answer.
    say "  disco $seen di $disks: $dev" "  disk $seen of $disks: $dev"
    args=(-a)
    [ -n "${type:-}" ] && [ "$type" != "#" ] && args+=(-d "$type")
    ticking sh -c 'smartctl -j "$@" > "$0" 2> /dev/null' "$WORK/smart-$n.txt" "${args[@]}" "$dev"
    # smartmontools before 7.0 has no JSON: its text is read too.
    if ! grep -q '^[[:space:]]*[{[]' "$WORK/smart-$n.txt"; then smartctl "${args[@]}" "$dev" > "$WORK/smart-$n.txt" 2> /dev/null; fi
  done <<< "$scan"
fi

step 3 "dmidecode (produttore, modello, numero di serie)…" "dmidecode (manufacturer, model, serial number)…"
if have dmidecode dmidecode; then dmidecode > "$WORK/dmidecode.txt" 2> /dev/null; fi

step 4 "lscpu…" "lscpu…"
if have lscpu util-linux; then lscpu > "$WORK/lscpu.txt" 2> /dev/null; fi

step 5 "batteria e schermo…" "battery and screen…"
for ps in "$SYSFS"/class/power_supply/*; do
  [ -d "$ps" ] || continue
  [ "$(cat "$ps/type" 2> /dev/null)" = Battery ] || continue
  {
    echo "POWER_SUPPLY_NAME=$(basename "$ps")"
    for f in type scope energy_full_design energy_full charge_full_design charge_full voltage_min_design cycle_count technology manufacturer model_name; do
      [ -r "$ps/$f" ] && echo "POWER_SUPPLY_$(echo "$f" | tr '[:lower:]' '[:upper:]')=$(cat "$ps/$f" 2> /dev/null)"
    done
    echo
  } >> "$WORK/battery.txt"
done
for edid in "$SYSFS"/class/drm/card*-eDP-*/edid "$SYSFS"/class/drm/card*-LVDS-*/edid "$SYSFS"/class/drm/card*-DSI-*/edid; do
  [ -s "$edid" ] || continue
  od -An -v -tx1 "$edid" | tr -d ' \n' > "$WORK/edid.txt"
  break
done

step 6 "salvataggio del rapporto…" "saving the report…"
if ! mkdir -p "$OUT" 2> /dev/null || ! [ -w "$OUT" ]; then OUT=/tmp/rigenera-reports; mkdir -p "$OUT"; fi
UUID=$(cat /proc/sys/kernel/random/uuid 2> /dev/null || uuidgen 2> /dev/null || echo "$(date +%s)-$$-$RANDOM")
REPORT="$OUT/${TAG}_$(date +%Y%m%d-%H%M%S).json"
{
  printf '{"uuid":"%s","probe":{"version":"%s","missing":[' "$UUID" "$VERSION"
  first=1
  for m in "${MISSING[@]+"${MISSING[@]}"}"; do
    [ "$first" = 1 ] || printf ','
    printf '"%s"' "$m"
    first=0
  done
  printf ']}'
  [ -s "$WORK/lshw.json" ] && { printf ',"lshw":'; json_string "$WORK/lshw.json"; }
  if [ "$n" -gt 0 ]; then
    printf ',"smartctl":['
    for i in $(seq 1 "$n"); do
      [ "$i" = 1 ] || printf ','
      json_string "$WORK/smart-$i.txt"
    done
    printf ']'
  fi
  [ -s "$WORK/dmidecode.txt" ] && { printf ',"dmidecode":'; json_string "$WORK/dmidecode.txt"; }
  [ -s "$WORK/lscpu.txt" ] && { printf ',"lscpu":'; json_string "$WORK/lscpu.txt"; }
  [ -s "$WORK/battery.txt" ] && { printf ',"battery":'; json_string "$WORK/battery.txt"; }
  [ -s "$WORK/edid.txt" ] && { printf ',"display":'; json_string "$WORK/edid.txt"; }
  printf '}\n'
} > "$REPORT"
sync 2> /dev/null
say "  salvato in $REPORT ($(wc -c < "$REPORT") byte)" "  saved in $REPORT ($(wc -c < "$REPORT") bytes)"

step 7 "invio a Rigenera…" "sending to Rigenera…"
send_report "$TAG" "$REPORT"
exit $?
