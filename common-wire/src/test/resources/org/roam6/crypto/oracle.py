# Independent reference computations for org.roam6.crypto, written from the RFC text with
# Python's hashlib/hmac/ipaddress only. Reads one JSON array per line: [function, args...];
# writes one lower-case hex string per line.
import hashlib
import hmac
import ipaddress
import json
import sys

HASHES = {"HMAC_SHA1": hashlib.sha1, "HMAC_SHA256": hashlib.sha256}


def addr(text):
    return ipaddress.IPv6Address(text).packed


def mh_data(mh_hex, off, length):
    # RFC 6275 5.2.6 / RFC 4285 5.1: the MH range with the Checksum (bytes 4-5) as zero
    b = bytearray(bytes.fromhex(mh_hex)[off:off + length])
    b[4] = 0
    b[5] = 0
    return bytes(b)


def hmac_hex(alg, key_hex, data_hex):
    return hmac.new(bytes.fromhex(key_hex), bytes.fromhex(data_hex), HASHES[alg]).hexdigest()


def home_token(kcn_hex, hoa, nonce_hex):
    # RFC 6275 5.2.5: First(64, HMAC_SHA1(Kcn, (home address | nonce | 0)))
    m = addr(hoa) + bytes.fromhex(nonce_hex) + b"\x00"
    return hmac.new(bytes.fromhex(kcn_hex), m, hashlib.sha1).digest()[:8].hex()


def care_of_token(kcn_hex, coa, nonce_hex):
    # RFC 6275 5.2.5: First(64, HMAC_SHA1(Kcn, (care-of address | nonce | 1)))
    m = addr(coa) + bytes.fromhex(nonce_hex) + b"\x01"
    return hmac.new(bytes.fromhex(kcn_hex), m, hashlib.sha1).digest()[:8].hex()


def kbm(home_hex, care_of_hex):
    return hashlib.sha1(bytes.fromhex(home_hex) + bytes.fromhex(care_of_hex)).hexdigest()


def dereg_kbm(home_hex):
    return hashlib.sha1(bytes.fromhex(home_hex)).hexdigest()


def bad_authenticator(kbm_hex, coa, cn, mh_hex, off, length):
    # RFC 6275 5.2.6: First(96, HMAC_SHA1(Kbm, (care-of address | correspondent | MH Data)))
    m = addr(coa) + addr(cn) + mh_data(mh_hex, off, length)
    return hmac.new(bytes.fromhex(kbm_hex), m, hashlib.sha1).digest()[:12].hex()


def mn_ha_authenticator(alg, key_hex, coa, hoa, mh_hex, off, length):
    # RFC 4285 5.1: First(96, HMAC(key, care-of address | home address | MH Data))
    m = addr(coa) + addr(hoa) + mh_data(mh_hex, off, length)
    return hmac.new(bytes.fromhex(key_hex), m, HASHES[alg]).digest()[:12].hex()


def psk_kbm(psk_hex, hoa, coa, cn, seq):
    # roam6 PSK RR: First(160, HMAC_SHA1(PSK, HoA | CoA | CN | sequence number (2 bytes)))
    m = addr(hoa) + addr(coa) + addr(cn) + (seq & 0xFFFF).to_bytes(2, "big")
    return hmac.new(bytes.fromhex(psk_hex), m, hashlib.sha1).digest()[:20].hex()


def ntp(unix_seconds, nanos):
    # RFC 5905 / RFC 4285 6: seconds since 1900 (mod 2^32) << 32 | floor(nanos * 2^32 / 10^9)
    secs = (unix_seconds + 2208988800) % (1 << 32)
    frac = (nanos << 32) // 10**9
    return ((secs << 32) | frac).to_bytes(8, "big").hex()


FUNCTIONS = {f.__name__: f for f in (hmac_hex, home_token, care_of_token, kbm, dereg_kbm,
                                      bad_authenticator, mn_ha_authenticator, psk_kbm, ntp)}

for line in sys.stdin:
    line = line.strip()
    if line:
        call = json.loads(line)
        print(FUNCTIONS[call[0]](*call[1:]))
