# Sourced by the ensure-*.sh scripts (not run on its own): is a Debian package installed, and
# install packages with apt as root, unattended.

is_installed() {
    # "install ok installed" is dpkg's wording for a fully configured package; a half-removed or
    # unpacked-only package must be installed again.
    [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

# apt_install REFUSAL PACKAGE...: install the packages as root (directly, or through sudo that
# never prompts); without either print REFUSAL and exit 1.
apt_install() {
    local refusal=$1
    shift
    local as_root=()
    if [[ $(id -u) -ne 0 ]]; then
        if command -v sudo >/dev/null 2>&1; then
            # -n: never prompt; CI has no stdin and a hung password prompt is worse than a clear
            # failure.
            as_root=(sudo -n)
        else
            echo "$refusal" >&2
            exit 1
        fi
    fi
    local start=$SECONDS
    "${as_root[@]}" apt-get update -qq
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends "$@" </dev/null >/dev/null
    echo "已安装 $*（$((SECONDS - start)) 秒）/ installed $* in $((SECONDS - start))s"
}
