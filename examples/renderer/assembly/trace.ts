// Whitted-style ray tracing: nearest hit, Phong shading with hard shadows, mirror reflections.
import { AMBIENT, FLOOR, LIGHTS, MAX_DEPTH, Material, SPHERES, sky } from "./scene";
import { Vec3 } from "./vec3";

const EPSILON: f64 = 1e-6;
const NO_HIT: f64 = Infinity;

// The last hit, kept in globals to avoid allocating a record per ray.
const UP = new Vec3(0, 1, 0);
let hitNormal = UP;
let hitMaterial: Material = FLOOR;

/** Distance along the ray to the nearest surface (NO_HIT if none); sets hitNormal/hitMaterial. */
function intersect(origin: Vec3, direction: Vec3, wantNormal: bool): f64 {
  // Scalar arithmetic here: this is the innermost loop, and Vec3 temporaries would allocate.
  const ox = origin.x, oy = origin.y, oz = origin.z;
  const dx = direction.x, dy = direction.y, dz = direction.z;
  let nearest = NO_HIT;
  let nearestSphere = -1;
  for (let i = 0; i < SPHERES.length; i++) {
    const sphere = unchecked(SPHERES[i]);
    const center = sphere.center;
    const cx = ox - center.x, cy = oy - center.y, cz = oz - center.z;
    const b = cx * dx + cy * dy + cz * dz;
    const c = cx * cx + cy * cy + cz * cz - sphere.radius * sphere.radius;
    const discriminant = b * b - c;
    if (discriminant < 0) continue;
    const root = Math.sqrt(discriminant);
    let t = -b - root;
    if (t < EPSILON) t = -b + root;
    if (t >= EPSILON && t < nearest) {
      nearest = t;
      nearestSphere = i;
    }
  }
  let floorHit = false;
  if (dy < -EPSILON) {
    const t = -oy / dy;
    if (t >= EPSILON && t < nearest) {
      nearest = t;
      floorHit = true;
    }
  }
  if (wantNormal && nearest != NO_HIT) {
    if (floorHit) {
      hitNormal = UP;
      hitMaterial = FLOOR;
    } else {
      const sphere = unchecked(SPHERES[nearestSphere]);
      const inverse = 1.0 / sphere.radius;
      const center = sphere.center;
      hitNormal = new Vec3(
        (ox + dx * nearest - center.x) * inverse,
        (oy + dy * nearest - center.y) * inverse,
        (oz + dz * nearest - center.z) * inverse,
      );
      hitMaterial = sphere.material;
    }
  }
  return nearest;
}

function power(base: f64, exponent: i32): f64 {
  let result: f64 = 1;
  while (exponent > 0) {
    if (exponent & 1) result *= base;
    base *= base;
    exponent >>= 1;
  }
  return result;
}

function surfaceColor(material: Material, point: Vec3): Vec3 {
  if (!material.checkered) return material.color;
  const odd = (<i64>Math.floor(point.x) + <i64>Math.floor(point.z)) & 1;
  return odd ? new Vec3(0.25, 0.25, 0.28) : material.color;
}

/** Colour seen along a ray (direction normalized). */
export function trace(origin: Vec3, direction: Vec3, depth: i32): Vec3 {
  const distance = intersect(origin, direction, true);
  if (distance == NO_HIT) return sky(direction);
  const normal = hitNormal;
  const material = hitMaterial;
  const point = origin.add(direction.scale(distance));
  const base = surfaceColor(material, point);
  let diffuse = AMBIENT;
  let specular: f64 = 0;
  const shadowOrigin = point.add(normal.scale(1e-4));
  for (let i = 0; i < LIGHTS.length; i++) {
    const light = unchecked(LIGHTS[i]);
    let lx = light.position.x - point.x, ly = light.position.y - point.y, lz = light.position.z - point.z;
    const lightDistance = Math.sqrt(lx * lx + ly * ly + lz * lz);
    lx /= lightDistance;
    ly /= lightDistance;
    lz /= lightDistance;
    const facing = normal.x * lx + normal.y * ly + normal.z * lz;
    if (facing <= 0) continue;
    if (intersect(shadowOrigin, new Vec3(lx, ly, lz), false) < lightDistance) continue; // in shadow
    diffuse += light.intensity * facing;
    if (material.shininess > 0) {
      // Phong: the light direction mirrored about the normal, against the viewing ray.
      const rx = lx - 2.0 * facing * normal.x, ry = ly - 2.0 * facing * normal.y, rz = lz - 2.0 * facing * normal.z;
      const highlight = rx * direction.x + ry * direction.y + rz * direction.z;
      if (highlight > 0) specular += light.intensity * power(highlight, material.shininess);
    }
  }
  let color = base.scale(diffuse).add(new Vec3(specular, specular, specular));
  if (material.reflectivity > 0 && depth < MAX_DEPTH) {
    const bounced = trace(shadowOrigin, direction.reflect(normal), depth + 1);
    color = color.scale(1.0 - material.reflectivity).add(bounced.scale(material.reflectivity));
  }
  return color;
}
