// renderer: ray-traces one tile of a fixed scene.
// args: width height tileX tileY tileW tileH [samples]   ->  /out/tile.rgb (tileW*tileH*3 bytes)
import { argInt, fail } from "../../lib/assembly/cli";
import { writeFile } from "../../lib/assembly/files";
import { CAMERA_POSITION, CAMERA_TARGET, FIELD_OF_VIEW_DEG } from "./scene";
import { trace } from "./trace";
import { Vec3 } from "./vec3";

const width = argInt(1, 320);
const height = argInt(2, 240);
const tileX = argInt(3, 0);
const tileY = argInt(4, 0);
const tileW = argInt(5, width);
const tileH = argInt(6, height);
const samples = argInt(7, 1); // samples x samples sub-pixel grid per pixel

if (width <= 0 || height <= 0 || tileW <= 0 || tileH <= 0 || samples <= 0 || samples > 16 ||
    tileX < 0 || tileY < 0 || tileX + tileW > width || tileY + tileH > height) {
  fail("usage: renderer width height tileX tileY tileW tileH [samples 1-16], tile inside the frame");
}

// Camera basis: forward, right, up; the image plane sits at distance 1.
const forward = CAMERA_TARGET.sub(CAMERA_POSITION).normalize();
const right = new Vec3(0, 1, 0).cross(forward).normalize();
const up = forward.cross(right);
const halfHeight = Math.tan((FIELD_OF_VIEW_DEG * Math.PI) / 360.0);
const halfWidth = (halfHeight * <f64>width) / <f64>height;

function channel(value: f64): u8 {
  const clamped = value < 0 ? 0.0 : value > 1 ? 1.0 : value;
  return <u8>(<i32>(clamped * 255.0 + 0.5));
}

const pixels = new Uint8Array(tileW * tileH * 3);
const weight = 1.0 / <f64>(samples * samples);
for (let py = 0; py < tileH; py++) {
  for (let px = 0; px < tileW; px++) {
    let r: f64 = 0, g: f64 = 0, b: f64 = 0;
    for (let sy = 0; sy < samples; sy++) {
      for (let sx = 0; sx < samples; sx++) {
        const u = (2.0 * (<f64>(tileX + px) + (<f64>sx + 0.5) / <f64>samples) / <f64>width - 1.0) * halfWidth;
        const v = (1.0 - 2.0 * (<f64>(tileY + py) + (<f64>sy + 0.5) / <f64>samples) / <f64>height) * halfHeight;
        const direction = forward.add(right.scale(u)).add(up.scale(v)).normalize();
        const color = trace(CAMERA_POSITION, direction, 0);
        r += color.x;
        g += color.y;
        b += color.z;
      }
    }
    const at = (py * tileW + px) * 3;
    pixels[at] = channel(r * weight);
    pixels[at + 1] = channel(g * weight);
    pixels[at + 2] = channel(b * weight);
  }
}
writeFile("/out/tile.rgb", pixels);
console.log(`{"width":${width},"height":${height},"tile":[${tileX},${tileY},${tileW},${tileH}],"samples":${samples}}`);
