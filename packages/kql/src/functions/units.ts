/**
 * Unit conversions: `convert_angle`, `convert_energy`, `convert_force`, `convert_length`,
 * `convert_mass`, `convert_speed`, `convert_temperature`, `convert_volume`, and
 * `format_bytes`' sibling table. Unit names are UnitsNet's (which the convert pages list), matched
 * case-insensitively; an unknown unit gives null. Factors are exact definitions where one exists
 * (foot = 0.3048 m, pound = 0.45359237 kg, BTU(IT) = 1055.05585262 J, …).
 */
import { numberConv, scalar, stringConv } from "./define.js";
import type { ScalarFunction } from "./registry-types.js";

/** Factor of each unit in the family's base unit. */
type Table = Record<string, number>;

const LENGTH: Table = {
  meter: 1, kilometer: 1e3, hectometer: 100, decameter: 10, decimeter: 0.1, centimeter: 0.01, millimeter: 1e-3,
  micrometer: 1e-6, nanometer: 1e-9, foot: 0.3048, inch: 0.0254, yard: 0.9144, mile: 1609.344, nauticalmile: 1852,
  mil: 2.54e-5, microinch: 2.54e-8, hand: 0.1016, fathom: 1.8288, chain: 20.1168, twip: 0.0254 / 1440,
  ussurveyfoot: 1200 / 3937, shackle: 27.432, printerpoint: 0.0254 / 72.27,
  dtppoint: 0.0254 / 72, printerpica: 0.0254 / 6.0225, dtppica: 0.0254 / 6, astronomicalunit: 149597870700,
  lightyear: 9460730472580800, parsec: 30856775814913670, kiloparsec: 30856775814913670000,
  megaparsec: 3.085677581491367e+22, kilolightyear: 9.4607304725808e18, megalightyear: 9.4607304725808e21,
  solarradius: 6.957e8, megameter: 1e6, gigameter: 1e9, kilofoot: 304.8, kiloyard: 914.4,
};

const MASS: Table = {
  kilogram: 1, gram: 1e-3, milligram: 1e-6, microgram: 1e-9, nanogram: 1e-12, centigram: 1e-5, decigram: 1e-4,
  decagram: 1e-2, hectogram: 0.1, tonne: 1e3, kilotonne: 1e6, megatonne: 1e9, pound: 0.45359237,
  kilopound: 453.59237, megapound: 453592.37, ounce: 0.028349523125, stone: 6.35029318, shortton: 907.18474,
  longton: 1016.0469088, grain: 6.479891e-5, slug: 14.593902937206364, shorthundredweight: 45.359237,
  longhundredweight: 50.80234544, earthmass: 5.9722e24, solarmass: 1.98947e30, emeraldcarat: 2e-4,
};

const ENERGY: Table = {
  joule: 1, kilojoule: 1e3, megajoule: 1e6, gigajoule: 1e9, terajoule: 1e12, millijoule: 1e-3, microjoule: 1e-6,
  calorie: 4.184, kilocalorie: 4184, britishthermalunit: 1055.05585262, kilobritishthermalunit: 1055055.85262,
  megabritishthermalunit: 1055055852.62, gigabritishthermalunit: 1055055852620, watthour: 3600,
  kilowatthour: 3.6e6, megawatthour: 3.6e9, gigawatthour: 3.6e12, terawatthour: 3.6e15, electronvolt: 1.602176634e-19,
  kiloelectronvolt: 1.602176634e-16, megaelectronvolt: 1.602176634e-13, gigaelectronvolt: 1.602176634e-10,
  erg: 1e-7, footpound: 1.3558179483314003, thermec: 105505585.262, thermus: 105480400, thermimperial: 105505585.257348,
  horsepowerhour: 2684519.537696172, decathermec: 1055055852.62, decathermus: 1054804000,
};

const FORCE: Table = {
  newton: 1, kilonewton: 1e3, meganewton: 1e6, decanewton: 10, millinewton: 1e-3, micronewton: 1e-6,
  nanonewton: 1e-9, dyn: 1e-5, kilogramforce: 9.80665, tonneforce: 9806.65, poundforce: 4.4482216152605,
  kilopoundforce: 4448.2216152605, ounceforce: 0.2780138509537812, poundal: 0.138254954376, kilopond: 9.80665,
  shorttonforce: 8896.443230521,
};

const SPEED: Table = {
  meterpersecond: 1, kilometerperhour: 1 / 3.6, meterperhour: 1 / 3600, meterperminute: 1 / 60,
  kilometerpersecond: 1e3, kilometerperminute: 1e3 / 60, centimeterpersecond: 0.01, millimeterpersecond: 1e-3,
  mileperhour: 0.44704, knot: 1852 / 3600, footpersecond: 0.3048, footperminute: 0.3048 / 60, footperhour: 0.3048 / 3600,
  inchpersecond: 0.0254, inchperminute: 0.0254 / 60, inchperhour: 0.0254 / 3600, yardpersecond: 0.9144,
  yardperminute: 0.9144 / 60, yardperhour: 0.9144 / 3600, mach: 340.29, ussurveyfootpersecond: 1200 / 3937,
};

const VOLUME: Table = {
  cubicmeter: 1, liter: 1e-3, milliliter: 1e-6, centiliter: 1e-5, deciliter: 1e-4, hectoliter: 0.1, kiloliter: 1,
  megaliter: 1e3, microliter: 1e-9, cubiccentimeter: 1e-6, cubicmillimeter: 1e-9, cubicdecimeter: 1e-3,
  cubickilometer: 1e9, cubicfoot: 0.028316846592, cubicinch: 1.6387064e-5, cubicyard: 0.764554857984,
  cubicmile: 4168181825.4405794, usgallon: 0.003785411784, imperialgallon: 0.00454609, usquart: 9.46352946e-4,
  uspint: 4.73176473e-4, usounce: 2.95735295625e-5, imperialounce: 2.84130625e-5,
  imperialpint: 5.6826125e-4, imperialquart: 1.1365225e-3, oilbarrel: 0.158987294928, usbeerbarrel: 0.117347765,
  uscustomarycup: 2.365882365e-4, ustablespoon: 1.478676478125e-5, usteaspoon: 4.92892159375e-6,
  acrefoot: 1233.48183754752,
};

const ANGLE: Table = {
  radian: 1, degree: Math.PI / 180, gradian: Math.PI / 200, arcminute: Math.PI / 10800, arcsecond: Math.PI / 648000,
  revolution: 2 * Math.PI, milliradian: 1e-3, microradian: 1e-6, nanoradian: 1e-9, centiradian: 1e-2, deciradian: 0.1,
  millidegree: Math.PI / 180000, microdegree: Math.PI / 180000000, nanodegree: Math.PI / 180000000000, natomil: (2 * Math.PI) / 6400,
};

/** Temperatures: to and from kelvin (offsets as well as factors). */
const TEMPERATURE: Record<string, [(k: number) => number, (v: number) => number]> = {
  kelvin: [(k) => k, (v) => v],
  degreecelsius: [(k) => k - 273.15, (v) => v + 273.15],
  millidegreecelsius: [(k) => (k - 273.15) * 1000, (v) => v / 1000 + 273.15],
  degreefahrenheit: [(k) => (k * 9) / 5 - 459.67, (v) => ((v + 459.67) * 5) / 9],
  degreerankine: [(k) => (k * 9) / 5, (v) => (v * 5) / 9],
  degreedelisle: [(k) => ((373.15 - k) * 3) / 2, (v) => 373.15 - (v * 2) / 3],
  degreenewton: [(k) => ((k - 273.15) * 33) / 100, (v) => (v * 100) / 33 + 273.15],
  degreereaumur: [(k) => ((k - 273.15) * 4) / 5, (v) => (v * 5) / 4 + 273.15],
  degreeroemer: [(k) => ((k - 273.15) * 21) / 40 + 7.5, (v) => ((v - 7.5) * 40) / 21 + 273.15],
  solartemperature: [(k) => k / 5778, (v) => v * 5778],
};

function lookup<T>(table: Record<string, T>, unit: string): T | undefined {
  return table[unit.toLowerCase()];
}

function converter(name: string, convert: (v: number, from: string, to: string) => number | null): ScalarFunction {
  return scalar(name, "math", (site) => {
    const n = numberConv(site.argTypes[0] ?? "real");
    const f = stringConv(site.argTypes[1] ?? "string");
    const t = stringConv(site.argTypes[2] ?? "string");
    return (a) => {
      const v = n(a[0] ?? null);
      return v === null ? null : convert(v, f(a[1] ?? null), t(a[2] ?? null));
    };
  });
}

function byFactor(name: string, table: Table): ScalarFunction {
  return converter(name, (v, from, to) => {
    const a = lookup(table, from);
    const b = lookup(table, to);
    return a === undefined || b === undefined ? null : (v * a) / b;
  });
}

export const unitFunctions: readonly ScalarFunction[] = [
  byFactor("convert_angle", ANGLE),
  byFactor("convert_energy", ENERGY),
  byFactor("convert_force", FORCE),
  byFactor("convert_length", LENGTH),
  byFactor("convert_mass", MASS),
  byFactor("convert_speed", SPEED),
  byFactor("convert_volume", VOLUME),
  converter("convert_temperature", (v, from, to) => {
    const a = lookup(TEMPERATURE, from);
    const b = lookup(TEMPERATURE, to);
    return a === undefined || b === undefined ? null : b[0](a[1](v));
  }),
];
