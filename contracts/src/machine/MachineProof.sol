// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {MachineState} from "./MachineState.sol";

/// @notice What OneStepProver.step needs beside the pre-state root: packages/machine's StepProof, ABI-encoded.
struct Proof {
    MachineState.State state;
    MachineState.Program program;
    MachineState.Path instruction;
    MachineState.Path entry; // br_table: the chosen entry
    MachineState.Path func;
    bytes32[] operands; // the operands the step reads, bottom to top
    bytes32 stackRest; // the stack hash below them
    MachineState.Path local;
    MachineState.Path global;
    MachineState.Path[] memory_;
    MachineState.Path callee; // call, call_indirect: the called function's leaf
    MachineState.Path table; // call_indirect: the table entry
    MachineState.Frame frame; // return: the caller's frame
    bytes host; // a host call's micro-step: MachineHostTypes.HostProof, ABI-encoded (empty otherwise)
}
