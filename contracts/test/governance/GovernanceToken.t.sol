// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Votes} from "@openzeppelin/contracts/governance/utils/Votes.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {GovernanceToken} from "../../src/governance/GovernanceToken.sol";

contract GovernanceTokenTest is Test {
    uint256 internal constant SUPPLY = 1_000_000e18;
    uint256 internal constant START = 1_700_000_000;

    GovernanceToken internal token;

    address internal owner = makeAddr("owner");
    address internal treasury = makeAddr("treasury");
    address internal alice;
    uint256 internal aliceKey;
    address internal bob = makeAddr("bob");
    address internal carol = makeAddr("carol");
    address internal stranger = makeAddr("stranger");

    function setUp() public {
        (alice, aliceKey) = makeAddrAndKey("alice");
        vm.warp(START);
        token = new GovernanceToken("Mandate", "MNDT", owner, treasury, SUPPLY);
    }

    // ------------------------------------------------------------------ construction

    function test_constructor_setsMetadataSupplyAndOwner() public view {
        assertEq(token.name(), "Mandate");
        assertEq(token.symbol(), "MNDT");
        assertEq(token.decimals(), 18);
        assertEq(token.totalSupply(), SUPPLY);
        assertEq(token.balanceOf(treasury), SUPPLY);
        assertEq(token.owner(), owner);
    }

    function test_constructor_initialSupplyCarriesNoVotesUntilDelegated() public {
        assertEq(token.getVotes(treasury), 0);
        assertEq(token.delegates(treasury), address(0));
        vm.warp(START + 1);
        assertEq(token.getPastTotalSupply(START), SUPPLY);
        assertEq(token.getPastBalanceOf(treasury, START), SUPPLY);
        assertEq(token.getPastDelegate(treasury, START), address(0));
    }

    function test_constructor_acceptsZeroInitialSupply() public {
        GovernanceToken empty = new GovernanceToken("Mandate", "MNDT", owner, treasury, 0);
        assertEq(empty.totalSupply(), 0);
        assertEq(empty.balanceOf(treasury), 0);
    }

    function test_constructor_revertsOnZeroOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableInvalidOwner.selector, address(0)));
        new GovernanceToken("Mandate", "MNDT", address(0), treasury, SUPPLY);
    }

    function test_constructor_revertsOnZeroRecipientWithSupply() public {
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InvalidReceiver.selector, address(0)));
        new GovernanceToken("Mandate", "MNDT", owner, address(0), SUPPLY);
    }

    // ------------------------------------------------------------------ clock (ERC-6372)

    function test_clock_isBlockTimestamp() public {
        assertEq(token.clock(), START);
        vm.warp(START + 12 days + 3);
        assertEq(token.clock(), START + 12 days + 3);
        assertEq(token.CLOCK_MODE(), "mode=timestamp");
    }

    // ------------------------------------------------------------------ minting

    function test_mint_ownerMintsAndVotesFollowDelegate() public {
        vm.prank(bob);
        token.delegate(carol);

        vm.expectEmit(address(token));
        emit IERC20.Transfer(address(0), bob, 500e18);
        vm.expectEmit(address(token));
        emit IVotes.DelegateVotesChanged(carol, 0, 500e18);
        vm.prank(owner);
        token.mint(bob, 500e18);

        assertEq(token.totalSupply(), SUPPLY + 500e18);
        assertEq(token.balanceOf(bob), 500e18);
        assertEq(token.getVotes(carol), 500e18);
        assertEq(token.getVotes(bob), 0);
    }

    function test_mint_revertsForNonOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        token.mint(stranger, 1);

        assertEq(token.totalSupply(), SUPPLY);
        assertEq(token.balanceOf(stranger), 0);
    }

    function test_mint_revertsForPreviousOwnerAfterTransfer() public {
        vm.prank(owner);
        token.transferOwnership(bob);
        assertEq(token.owner(), bob);

        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, owner));
        vm.prank(owner);
        token.mint(owner, 1);

        vm.prank(bob);
        token.mint(bob, 1);
        assertEq(token.totalSupply(), SUPPLY + 1);
    }

    function test_mint_revertsToZeroAddress() public {
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InvalidReceiver.selector, address(0)));
        vm.prank(owner);
        token.mint(address(0), 1);
        assertEq(token.totalSupply(), SUPPLY);
    }

    function test_mint_revertsAboveSafeSupply() public {
        uint256 cap = type(uint208).max;
        uint256 amount = cap - SUPPLY + 1;
        vm.expectRevert(abi.encodeWithSelector(ERC20Votes.ERC20ExceededSafeSupply.selector, cap + 1, cap));
        vm.prank(owner);
        token.mint(bob, amount);
        assertEq(token.totalSupply(), SUPPLY);

        vm.prank(owner);
        token.mint(bob, amount - 1);
        assertEq(token.totalSupply(), cap);
    }

    // ------------------------------------------------------------------ history (VotesExtended)

    function test_getPastDelegate_tracksEveryChange() public {
        vm.prank(alice);
        token.delegate(bob); // at START
        vm.warp(START + 10);
        vm.prank(alice);
        token.delegate(carol); // at START + 10
        vm.warp(START + 20);
        vm.prank(alice);
        token.delegate(address(0)); // at START + 20
        vm.warp(START + 30);

        assertEq(token.getPastDelegate(alice, START - 1), address(0));
        assertEq(token.getPastDelegate(alice, START), bob);
        assertEq(token.getPastDelegate(alice, START + 9), bob);
        assertEq(token.getPastDelegate(alice, START + 10), carol);
        assertEq(token.getPastDelegate(alice, START + 19), carol);
        assertEq(token.getPastDelegate(alice, START + 20), address(0));
        assertEq(token.delegates(alice), address(0));
    }

    function test_getPastBalanceOf_tracksEveryTransfer() public {
        vm.prank(treasury);
        token.transfer(alice, 100e18); // at START
        vm.warp(START + 5);
        vm.prank(alice);
        token.transfer(bob, 30e18); // at START + 5
        vm.warp(START + 6);

        assertEq(token.getPastBalanceOf(alice, START - 1), 0);
        assertEq(token.getPastBalanceOf(alice, START), 100e18);
        assertEq(token.getPastBalanceOf(alice, START + 4), 100e18);
        assertEq(token.getPastBalanceOf(alice, START + 5), 70e18);
        assertEq(token.getPastBalanceOf(bob, START + 5), 30e18);
        assertEq(token.getPastBalanceOf(treasury, START + 5), SUPPLY - 100e18);
    }

    function test_getPastBalanceOf_isTheValueAtTheEndOfTheSecond() public {
        vm.startPrank(treasury);
        token.transfer(alice, 100e18);
        token.transfer(alice, 50e18);
        vm.stopPrank();
        vm.prank(alice);
        token.delegate(bob);
        vm.prank(alice);
        token.delegate(carol);
        vm.warp(START + 1);

        assertEq(token.getPastBalanceOf(alice, START), 150e18);
        assertEq(token.getPastDelegate(alice, START), carol);
        assertEq(token.getPastVotes(carol, START), 150e18);
        assertEq(token.getPastVotes(bob, START), 0);
    }

    function test_getPastLookups_revertAtOrAfterNow() public {
        vm.expectRevert(abi.encodeWithSelector(Votes.ERC5805FutureLookup.selector, START, uint48(START)));
        token.getPastDelegate(alice, START);
        vm.expectRevert(abi.encodeWithSelector(Votes.ERC5805FutureLookup.selector, START + 1, uint48(START)));
        token.getPastBalanceOf(alice, START + 1);
        vm.expectRevert(abi.encodeWithSelector(Votes.ERC5805FutureLookup.selector, START, uint48(START)));
        token.getPastVotes(alice, START);
        vm.expectRevert(abi.encodeWithSelector(Votes.ERC5805FutureLookup.selector, START, uint48(START)));
        token.getPastTotalSupply(START);
    }

    // ------------------------------------------------------------------ votes

    function test_delegate_movesVotesWithLaterTransfers() public {
        vm.prank(treasury);
        token.transfer(alice, 100e18);
        vm.prank(alice);
        token.delegate(bob);
        assertEq(token.getVotes(bob), 100e18);

        vm.prank(treasury);
        token.transfer(alice, 20e18);
        assertEq(token.getVotes(bob), 120e18);

        vm.prank(alice);
        token.transfer(carol, 50e18);
        assertEq(token.getVotes(bob), 70e18);
        assertEq(token.getVotes(carol), 0);

        vm.prank(alice);
        token.delegate(carol);
        assertEq(token.getVotes(bob), 0);
        assertEq(token.getVotes(carol), 70e18);
    }

    // ------------------------------------------------------------------ signatures

    function test_permit_setsAllowanceAndUsesNonce() public {
        uint256 deadline = START + 1 hours;
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                alice,
                bob,
                42e18,
                0,
                deadline
            )
        );
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(aliceKey, _typedDataHash(structHash));
        token.permit(alice, bob, 42e18, deadline, v, r, s);
        assertEq(token.allowance(alice, bob), 42e18);
        assertEq(token.nonces(alice), 1);
    }

    function test_delegateBySig_sharesNonceWithPermit() public {
        vm.prank(treasury);
        token.transfer(alice, 10e18);
        uint256 expiry = START + 1 hours;
        bytes32 structHash = keccak256(
            abi.encode(keccak256("Delegation(address delegatee,uint256 nonce,uint256 expiry)"), carol, 0, expiry)
        );
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(aliceKey, _typedDataHash(structHash));
        token.delegateBySig(carol, 0, expiry, v, r, s);
        assertEq(token.delegates(alice), carol);
        assertEq(token.getVotes(carol), 10e18);
        assertEq(token.nonces(alice), 1);
    }

    // ------------------------------------------------------------------ fuzz

    /// Random transfers and delegations among four accounts: every delegate's votes equal the
    /// sum of its delegators' balances, now and at every past second, and the extended history
    /// (`getPastDelegate`, `getPastBalanceOf`) matches a model kept by the test.
    function testFuzz_history_matchesModel(uint256 seed) public {
        address[4] memory accounts = [alice, bob, carol, stranger];
        vm.startPrank(treasury);
        for (uint256 i; i < 4; ++i) {
            token.transfer(accounts[i], 1_000e18);
        }
        vm.stopPrank();

        uint256 steps = 12;
        address[4][] memory delegateAt = new address[4][](steps);
        uint256[4][] memory balanceAt = new uint256[4][](steps);
        address[4] memory del;
        uint256[4] memory bal = [uint256(1_000e18), 1_000e18, 1_000e18, 1_000e18];

        for (uint256 step; step < steps; ++step) {
            vm.warp(START + 1 + step);
            uint256 r = uint256(keccak256(abi.encode(seed, step)));
            uint256 from = r % 4;
            uint256 to = (r >> 8) % 4;
            if ((r >> 16) % 2 == 0) {
                uint256 amount = (r >> 24) % (bal[from] + 1);
                vm.prank(accounts[from]);
                token.transfer(accounts[to], amount);
                bal[from] -= amount;
                bal[to] += amount;
            } else {
                address target = (r >> 24) % 5 == 0 ? address(0) : accounts[to];
                vm.prank(accounts[from]);
                token.delegate(target);
                del[from] = target;
            }
            for (uint256 i; i < 4; ++i) {
                // Element by element: assigning a memory array copies a reference.
                delegateAt[step][i] = del[i];
                balanceAt[step][i] = bal[i];
            }
        }
        vm.warp(START + 1 + steps);

        for (uint256 step; step < steps; ++step) {
            uint256 t = START + 1 + step;
            for (uint256 i; i < 4; ++i) {
                assertEq(token.getPastDelegate(accounts[i], t), delegateAt[step][i], "delegate");
                assertEq(token.getPastBalanceOf(accounts[i], t), balanceAt[step][i], "balance");
                uint256 expectedVotes;
                for (uint256 j; j < 4; ++j) {
                    if (delegateAt[step][j] == accounts[i]) expectedVotes += balanceAt[step][j];
                }
                assertEq(token.getPastVotes(accounts[i], t), expectedVotes, "votes");
            }
        }
    }

    function _typedDataHash(bytes32 structHash) private view returns (bytes32) {
        return keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash));
    }
}
