/**
 * The kind of network an autonomous system is, for addresses the curated table does not hold:
 * the large clouds, and the hosting and VPS providers attackers rent by the hour (and VPN
 * services egress from). Not exhaustive: an AS not listed is of unknown kind, never "safe".
 */
const CLOUD = [
  8075, // Microsoft (Azure)
  16509, 14618, // Amazon (AWS)
  15169, 396982, // Google, Google Cloud
  31898, // Oracle Cloud
  45102, 37963, // Alibaba Cloud
  132203, 45090, // Tencent Cloud
  36351, // IBM Cloud (SoftLayer)
  13335, // Cloudflare (also the WARP VPN's egress)
  200350, // Yandex.Cloud
];
const HOSTING = [
  14061, // DigitalOcean
  16276, // OVH
  24940, // Hetzner
  20473, // Vultr (The Constant Company)
  63949, // Akamai Connected Cloud (Linode)
  60781, 28753, // Leaseweb
  51167, // Contabo
  9009, // M247 (much commercial VPN egress)
  12876, // Scaleway
  8560, // IONOS
  47583, // Hostinger
  212238, // Datacamp (CDN77)
  62240, // Clouvider
  53667, // FranTech (BuyVM)
  43350, // NForce
  49981, // WorldStream
  202425, // IP Volume
  46606, // Unified Layer
  26496, // GoDaddy
  396356, // Latitude.sh (Maxihost)
  13238, // Yandex hosting
];

const KINDS = new Map<number, "cloud" | "hosting">([...CLOUD.map((a) => [a, "cloud"] as const), ...HOSTING.map((a) => [a, "hosting"] as const)]);

export function networkKindOfAsn(asn: number): "cloud" | "hosting" | undefined {
  return KINDS.get(asn);
}
