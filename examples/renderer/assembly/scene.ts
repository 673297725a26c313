// The fixed scene: four spheres on a checkered floor, two point lights, a sky gradient.
import { Vec3 } from "./vec3";

export class Material {
  constructor(
    public color: Vec3,
    public reflectivity: f64,
    public shininess: i32, // Phong exponent; 0 = no highlight
    public checkered: bool = false,
  ) {}
}

export class Sphere {
  constructor(public center: Vec3, public radius: f64, public material: Material) {}
}

export class Light {
  constructor(public position: Vec3, public intensity: f64) {}
}

export const SPHERES: Sphere[] = [
  new Sphere(new Vec3(-1.15, 0.6, 0.7), 0.6, new Material(new Vec3(0.9, 0.2, 0.15), 0.2, 40)),
  new Sphere(new Vec3(0.2, 0.5, 0.1), 0.5, new Material(new Vec3(0.92, 0.92, 0.95), 0.75, 200)),
  new Sphere(new Vec3(1.3, 0.4, -0.5), 0.4, new Material(new Vec3(0.2, 0.35, 0.9), 0.1, 20)),
  new Sphere(new Vec3(0.55, 0.25, -1.25), 0.25, new Material(new Vec3(0.2, 0.8, 0.3), 0.05, 10)),
];

/** The floor is the plane y = 0. */
export const FLOOR = new Material(new Vec3(0.95, 0.95, 0.95), 0.15, 0, true);
export const LIGHTS: Light[] = [new Light(new Vec3(-3.0, 5.0, -3.0), 0.7), new Light(new Vec3(3.0, 3.0, -2.0), 0.35)];
export const AMBIENT: f64 = 0.15;
export const MAX_DEPTH: i32 = 3;

export const CAMERA_POSITION = new Vec3(0.0, 1.0, -4.0);
export const CAMERA_TARGET = new Vec3(0.0, 0.5, 0.0);
export const FIELD_OF_VIEW_DEG: f64 = 55.0;

/** Sky colour for a ray leaving the scene: white at the horizon, blue overhead. */
export function sky(direction: Vec3): Vec3 {
  const t = 0.5 * (direction.y + 1.0);
  return new Vec3(1.0 - 0.45 * t, 1.0 - 0.3 * t, 1.0);
}
