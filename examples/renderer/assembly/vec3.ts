// A small immutable 3-vector for the ray tracer.

@final
export class Vec3 {
  constructor(public x: f64, public y: f64, public z: f64) {}

  @inline add(o: Vec3): Vec3 { return new Vec3(this.x + o.x, this.y + o.y, this.z + o.z); }
  @inline sub(o: Vec3): Vec3 { return new Vec3(this.x - o.x, this.y - o.y, this.z - o.z); }
  @inline mul(o: Vec3): Vec3 { return new Vec3(this.x * o.x, this.y * o.y, this.z * o.z); }
  @inline scale(s: f64): Vec3 { return new Vec3(this.x * s, this.y * s, this.z * s); }
  @inline dot(o: Vec3): f64 { return this.x * o.x + this.y * o.y + this.z * o.z; }
  @inline length(): f64 { return Math.sqrt(this.dot(this)); }
  @inline normalize(): Vec3 { return this.scale(1.0 / this.length()); }
  @inline cross(o: Vec3): Vec3 {
    return new Vec3(this.y * o.z - this.z * o.y, this.z * o.x - this.x * o.z, this.x * o.y - this.y * o.x);
  }
  /** Mirror of this direction about the normal `n`. */
  @inline reflect(n: Vec3): Vec3 { return this.sub(n.scale(2.0 * this.dot(n))); }
}
